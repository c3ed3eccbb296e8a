"""docx -> PDF (LibreOffice, with our fontconfig alias file) -> PNG pages (pdftoppm).

Used by scripts/render_report_png.py and the LibreOffice tests. Each call gets its own
LibreOffice profile directory, so parallel runs never share one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

FONTS_CONF = Path(__file__).resolve().parent / "assets" / "fonts.conf"


class RenderError(RuntimeError):
    pass


def soffice_binary() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def render_env() -> dict[str, str]:
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}


def docx_to_pdf(docx: Path, out_dir: Path, timeout: int = 180) -> Path:
    binary = soffice_binary()
    if binary is None:
        raise RenderError("未找到 LibreOffice（soffice），请先安装 libreoffice-writer-nogui。")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zj-lo-") as profile:
        result = subprocess.run(
            [
                binary,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir),
                str(docx),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=render_env(),
        )
    pdf = out_dir / (docx.stem + ".pdf")
    if result.returncode != 0 or not pdf.exists():
        raise RenderError(f"LibreOffice 转换失败：{result.stderr.strip() or result.stdout.strip()}")
    return pdf


def pdf_to_png(pdf: Path, out_prefix: Path, first: int = 1, last: int = 1, dpi: int = 110) -> list[Path]:
    if shutil.which("pdftoppm") is None:
        raise RenderError("未找到 pdftoppm，请先安装 poppler-utils。")
    subprocess.run(
        ["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(out_prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(out_prefix.parent.glob(out_prefix.name + "*.png"))


def pdf_fonts(pdf: Path) -> str:
    """pdffonts output: which fonts LibreOffice embedded (to check the aliases took effect)."""
    if shutil.which("pdffonts") is None:
        return ""
    return subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, timeout=60).stdout
