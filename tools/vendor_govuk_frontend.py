#!/usr/bin/env python3
"""Vendor GOV.UK Frontend's compiled CSS and JS into the web app's static files (run when upgrading it).

    python3 tools/vendor_govuk_frontend.py [VERSION]

Fetches the npm package with `npm pack` into a temporary folder (no CDN at run time), then copies
dist/govuk/govuk-frontend.min.css and .min.js into src/csc_scorecard/web/static/scorecard_web/govuk/.
A council's own service must not look like GOV.UK itself: the GDS Transport font and the crown/crest
images are left out, the CSS's @font-face rules are removed and its font stack is replaced by the
system's own fonts, and the crest background is dropped. Commit the result.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "6.6.0"
OUT = Path(__file__).resolve().parents[1] / "src/csc_scorecard/web/static/scorecard_web/govuk"
SYSTEM_FONTS = 'system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif'


def strip_branding(css: str) -> str:
    css = re.sub(r"@font-face\{[^}]*\}", "", css)
    css = re.sub(r'font-family:\s*"?GDS Transport"?(,\s*arial)?(,\s*sans-serif)?', f"font-family:{SYSTEM_FONTS}",
                 css)
    css = re.sub(r"background-image:url\(/assets/images/govuk-crest\.svg\);?", "", css)
    css = re.sub(r"url\(/assets/images/govuk-crest\.svg\)", "none", css)
    css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
    if "GDS Transport" in css or "/assets/" in css:
        raise SystemExit("GOV.UK branding is still referenced in the CSS: update strip_branding() for this version.")
    return css


def main(version: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", f"govuk-frontend@{version}", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = next(Path(tmp).glob("govuk-frontend-*.tgz"))
        with tarfile.open(tgz) as tar:
            tar.extractall(tmp, filter="data")
        dist = Path(tmp) / "package/dist/govuk"
        OUT.mkdir(parents=True, exist_ok=True)
        css = strip_branding((dist / "govuk-frontend.min.css").read_text(encoding="utf-8"))
        (OUT / "govuk-frontend.min.css").write_text(css, encoding="utf-8")
        js = (dist / "govuk-frontend.min.js").read_text(encoding="utf-8")
        js = re.sub(r"//# sourceMappingURL=\S*", "", js)
        (OUT / "govuk-frontend.min.js").write_text(js, encoding="utf-8")
        licence = Path(tmp) / "package/LICENSE.txt"
        if licence.is_file():
            (OUT / "LICENSE.txt").write_text(licence.read_text(encoding="utf-8"), encoding="utf-8")
        (OUT / "VERSION").write_text(f"govuk-frontend {version} (npm), fonts and crown left out\n", encoding="utf-8")
    print(f"GOV.UK Frontend {version} -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else VERSION)
