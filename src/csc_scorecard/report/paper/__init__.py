"""The committee paper: report.docx, report.pdf and report.html from one gathered Paper."""

from __future__ import annotations

import os
from pathlib import Path

from .model import Paper

FILES = ("report.docx", "report.pdf", "report.html")


def write_paper(paper: Paper, out_dir: str | Path, template: str | Path | None = None) -> dict[str, Path]:
    """Write the three files into out_dir (created if needed). A paper that is not public may hold
    figures about few children, so its folder and files are readable by the owner only."""
    from .docx import write_docx
    from .html import render_html, write_pdf

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if not paper.public:
        os.chmod(out, 0o700)
    # Word first: a template that cannot be opened stops it all
    files = {"report.docx": write_docx(paper, out / "report.docx", template=template)}
    html = render_html(paper)
    files["report.html"] = out / "report.html"
    files["report.html"].write_text(html, encoding="utf-8")
    files["report.pdf"] = write_pdf(paper, out / "report.pdf", html=html)
    if not paper.public:
        for path in files.values():
            os.chmod(path, 0o600)
    return {name: files[name] for name in FILES}
