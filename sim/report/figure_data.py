"""What the study's figures read from the runs table, apart from the figures themselves: the main
process sends each figure only its columns (the main cell's whole table is about 27 MB to send
for nine columns), without importing matplotlib."""

OVER_TIME = ("active_families", "exits_cum", "crises_cum", "mean_need",
             "revealed_unserved_share", "cost_total_cum")
WORKER_HOURS = {"hours_direct": "direct", "hours_coordination": "coordination",
                "hours_administration": "administration"}
RUNS_READ = {
    "over_time": ("scenario", "replication", "week", "crises_total",
                  *(c for c in OVER_TIME if c != "crises_cum")),  # summed up in the figure
    "worker_time": ("scenario", *WORKER_HOURS, "hours_available"),
}
