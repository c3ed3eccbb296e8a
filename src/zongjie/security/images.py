"""Uploaded images are decoded and written again (Pillow), so what is stored is only the picture.

Whatever rides along in the file — HTML or a script appended after the JPEG's end marker, a zip
glued to a PNG, metadata with the place a photo was taken — is not in the re-encoded copy.

    clean = reencode(data, "jpg")   # bytes of a fresh JPEG; ImageRefused with a Chinese message
"""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PIXELS = 80_000_000  # about 9000 x 9000: larger pictures are refused, not decoded
_FORMATS = {"jpg": "JPEG", "png": "PNG"}


class ImageRefused(ValueError):
    """The image cannot be decoded (or is too large): the message says why, in Chinese."""


def reencode(data: bytes, ext: str) -> bytes:
    fmt = _FORMATS[ext]
    broken = "图片已损坏或不完整，无法打开，请重新截图或导出后上传。"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=[fmt]) as image:
                if image.width * image.height > MAX_PIXELS:
                    raise ImageRefused(
                        f"图片尺寸过大（{image.width}×{image.height}），请缩小到 {MAX_PIXELS // 1_000_000} 百万像素以内后上传。"
                    )
                image.load()
                picture = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is dropped
                return _encode(picture, fmt)
    except ImageRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRefused(broken) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:  # Pillow's ways of saying "truncated"
        raise ImageRefused(broken) from exc


def _encode(picture: Image.Image, fmt: str) -> bytes:
    out = io.BytesIO()
    if fmt == "JPEG":
        if picture.mode not in ("RGB", "L", "CMYK"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=92)
    else:
        picture.save(out, "PNG")
    return out.getvalue()
