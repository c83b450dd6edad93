"""``k3d-dashboard``: serve the workshop dashboard on this machine (localhost unless told).

Workshop rooms often have no internet: Solara serves its front-end from the installed
``solara-assets`` package, its telemetry and version check are switched off, and the browser is
only opened on request.
"""

from __future__ import annotations

import argparse
import os
import sys
import warnings

from sim.dashboard.texts import LANGS

APP = "sim.dashboard.app"
LANG_ENV = "K3D_DASHBOARD_LANG"  # the starting language, read by the app
LOCAL = ("127.0.0.1", "localhost", "::1")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="k3d-dashboard",
        description="Kooperacje 3D workshop dashboard: siloed institutions and a cooperation "
                    "scenario side by side, on the same families.")
    parser.add_argument("--port", type=int, default=8765, help="port (default 8765)")
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to bind (default 127.0.0.1: this computer only)")
    parser.add_argument("--lang", choices=LANGS, default="en", help="starting language")
    parser.add_argument("--open", action="store_true", help="open the page in a browser")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse(argv)
    if args.host not in LOCAL:
        print(f"k3d-dashboard: warning: binding to {args.host} makes the dashboard reachable "
              "from other computers on this network, without a password", file=sys.stderr)
    os.environ[LANG_ENV] = args.lang
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
