"""``k3d-dashboard``: serve the workshop dashboard on this machine (localhost unless told).

Workshop rooms often have no internet: Solara serves its front-end from the installed
``solara-assets`` package, its telemetry and version check are switched off, and the browser is
only opened on request.
"""

from __future__ import annotations

import argparse
import os
import socket
import sys
import warnings

from sim.i18n import LANGS

APP = "sim.dashboard.app"
LANG_ENV = "K3D_DASHBOARD_LANG"  # the starting language, read by the app
PRESENT_ENV = "K3D_DASHBOARD_PRESENT"  # "1": start in presentation mode
LOCAL = ("127.0.0.1", "localhost", "::1")
PORTS = (1, 65535)


def _fail(message: str) -> None:
    """One line and exit status 2, as every k3d command reports bad input."""
    print(f"k3d-dashboard: error: {message}", file=sys.stderr)
    sys.exit(2)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse would print its usage first
        _fail(message)


def port(text: str) -> int:
    """A TCP port from the command line: a whole number from 1 to 65535."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or not PORTS[0] <= value <= PORTS[1]:
        raise argparse.ArgumentTypeError(
            f"{text}: a port is a whole number from {PORTS[0]} to {PORTS[1]}")
    return value


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = _Parser(
        prog="k3d-dashboard",
        description="Kooperacje 3D workshop dashboard: siloed institutions and a cooperation "
                    "scenario side by side, on the same families.")
    parser.add_argument("--port", type=port, default=8765,
                        help=f"port, {PORTS[0]}-{PORTS[1]} (default 8765)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this computer only)")
    parser.add_argument("--lang", choices=LANGS, default="en", help="starting language")
    parser.add_argument("--present", action="store_true",
                        help="start in presentation mode (projector: large fonts, fast Play)")
    parser.add_argument("--open", action="store_true", help="open the page in a browser")
    return parser.parse_args(argv)


def check_free(host: str, number: int) -> None:
    """Fail in one line if the address cannot be bound (port in use, not allowed, bad host),
    before Solara starts and would end in a traceback."""
    try:
        family = socket.getaddrinfo(host, number, type=socket.SOCK_STREAM)[0][0]
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server binds
            probe.bind((host, number))
    except OSError as exc:
        _fail(f"--port {number} on --host {host}: cannot listen there ({exc.strerror or exc}); "
              "choose another port (1-65535) or host")


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    check_free(args.host, args.port)
    if args.host not in LOCAL:
        print(f"k3d-dashboard: warning: binding to {args.host} makes the dashboard reachable "
              "from other computers on this network, without a password", file=sys.stderr)
    os.environ[LANG_ENV] = args.lang
    os.environ[PRESENT_ENV] = "1" if args.present else "0"
    os.environ["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] = "False"  # read when solara is imported
    # plain http on a workshop laptop: Solara's fallback to samesite=lax cookies is what we want
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    from solara.__main__ import run

    print(f"k3d-dashboard: http://{args.host}:{args.port} (Ctrl+C to stop)", flush=True)
    run.main([APP, "--host", args.host, "--port", str(args.port), "--production",
              "--no-check-version", "--theme-loader", "plain",
              "--open" if args.open else "--no-open"],
             prog_name="k3d-dashboard")


if __name__ == "__main__":
    main()
