"""The weekly schedule, one module per process, in the order ``KooperacjeModel.step`` runs
them (docs/ODD.md, Process overview and scheduling):

arrivals → pandemic → needs → crises → statutory → observation → task_teams → casework →
service → exits (then the partnership matures and the week is recorded).
"""
