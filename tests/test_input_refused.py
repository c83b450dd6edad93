"""Bad input the command line refuses before anything runs: one line saying what is allowed,
exit status 2, nothing written. Also Ctrl-C: one line, exit 130, finished work kept."""

import os
import signal
import subprocess
import sys
import time

import pytest

K3D = [sys.executable, "-c", "from sim.cli import main; main()"]
PARAMS = [sys.executable, "-c", "from sim.params_cli import main; main()"]


def k3d(*args, cwd, cmd=K3D):
    return subprocess.run([*cmd, *args], cwd=cwd, capture_output=True, text=True)


def refused(proc, *expected: str) -> str:
    """The single error line of a refused command (exit status 2, no traceback)."""
    assert proc.returncode == 2, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    for text in expected:
        assert text in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("args, expected", [
    # each value is fine alone and with the other key's first value; one pair is not
    (["scenario=siloed", "behaviour.needs.initial_severity_low=0.1,0.6",
      "behaviour.needs.initial_severity_high=0.9,0.5"],
     ["initial_severity_low=0.6", "allowed: at most initial_severity_high (0.5)"]),
    (["study.baseline=siloed,pzk", "study.scenarios=[siloed,pzk],[siloed,costs_only]"],
     ["study.baseline='pzk'", "allowed: one of study.scenarios: siloed, costs_only"]),
])
def test_a_sweep_combination_invalid_only_together_is_refused_before_any_job(tmp_path, args,
                                                                             expected):
    sweep = tmp_path / "sweep"
    proc = k3d("-m", *args, "weeks=2", "replications=1", f"hydra.sweep.dir={sweep}",
               cwd=tmp_path)
    refused(proc, *expected)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("key", ["hydra.run.dir", "hydra.sweep.dir"])
@pytest.mark.parametrize("folder", ["/proc/x", "/proc/self", "{file}/out"])
def test_an_output_folder_that_cannot_be_written_is_refused(tmp_path, key, folder):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    folder = folder.format(file=blocker)
    sweep = ["-m"] if key == "hydra.sweep.dir" else []
    proc = k3d(*sweep, "scenario=siloed", "weeks=2", f"{key}={folder}", cwd=tmp_path)
    refused(proc, f"{key}={folder} cannot be created or written", "allowed: a folder you may")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a_file"]


@pytest.mark.parametrize("args, expected", [
    (["hydra/launcher=nosuch"],
     ["hydra/launcher/nosuch", "allowed: basic, cluster, cluster_local, joblib"]),
    (["hydra.job.chdir=maybe"], ["hydra.job.chdir=maybe", "allowed: true or false"]),
    (["municipality.name=Łódź"], ["municipality.name=Łódź",
                                  "allowed: letters outside ASCII only inside quotes"]),
    (["weeks=[1,"], ["weeks=[1,", "allowed: key=value"]),
    (["seed=1,2"], ["seed=1,2", "allowed:"]),  # a sweep without -m
    (["~weeks"], ["~weeks removes a key", "allowed: weeks=VALUE"]),  # ran on the default
    (["+weeks=3"], ["already at 'weeks'", "allowed: weeks=VALUE (without +)"]),
    (["study.grid=5"], ["study.grid=5", "allowed: a value of type Dict[str, List[str]]"]),
])
def test_hydra_settings_and_parser_errors_say_what_is_allowed(tmp_path, args, expected):
    proc = k3d("scenario=siloed", "weeks=2", *args, f"hydra.run.dir={tmp_path / 'out'}",
               cwd=tmp_path)
    refused(proc, *expected)
    assert list(tmp_path.iterdir()) == []


def test_a_quoted_non_ascii_value_is_accepted(tmp_path):
    out = tmp_path / "out"
    proc = k3d("scenario=siloed", "weeks=2", "municipality.name='Łódź'", f"hydra.run.dir={out}",
               cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "municipality=Łódź" in proc.stdout


@pytest.mark.parametrize("flag", ["--csv", "--md"])
def test_k3d_params_into_an_unwritable_folder_is_one_line(tmp_path, flag):
    proc = k3d(flag, "/proc/x/params.csv", cwd=tmp_path, cmd=PARAMS)
    refused(proc, "cannot write /proc/x/params.csv", "allowed: a file in a folder you may write")


def _as_from_a_terminal() -> None:
    """Ctrl-C as a shell hands it to a command it starts: neither ignored nor blocked. A test
    worker may have inherited either from what ran in it before (a process started while
    SIGINT is ignored or blocked keeps it so, and Python then never raises KeyboardInterrupt)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGINT])


def test_ctrl_c_stops_in_one_line_and_the_rerun_resumes(tmp_path):
    root = tmp_path / "study"
    # 60 runs: seconds of runs after the first one ends, so that the interrupt lands while runs
    # go on
    args = ["replications=30", "weeks=100", "jobs=2", "study.families_per_worker=[0]",
            "study.scenarios=[siloed,pzk]", "uncertainty=chance", f"hydra.run.dir={root}"]
    proc = subprocess.Popen([*K3D, *args], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            preexec_fn=_as_from_a_terminal)
    deadline = time.time() + 120
    while (time.time() < deadline and proc.poll() is None
           and not list(root.glob("jobs/*/*/r*/checksums.json"))):
        time.sleep(0.05)
    assert proc.poll() is None, "the study ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    said = [line for line in err.splitlines() if "k3d:" in line]
    assert len(said) == 1 and "stopped (Ctrl-C)" in said[0], err
    assert f"hydra.run.dir={root}" in said[0]
    kept = len(list(root.glob("jobs/*/*/r*/checksums.json")))
    assert kept >= 1
    rerun = k3d(*args, cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{kept} of 60 runs already complete" in rerun.stderr
