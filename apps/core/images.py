"""The one function every uploaded image goes through before it is stored."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile

MAX_PIXELS = 40_000_000  # a 6000 x 6000 photo is 36 megapixels; more is a decompression bomb


class ImageError(ValueError):
    """Not an image we can read (or too many pixels). Callers turn it into their own translated message."""


def sanitise_image(upload, *, max_side: int = 2400, quality: int = 85, max_pixels: int = MAX_PIXELS) -> tuple[ContentFile, str]:
    """Check ``upload`` with Pillow and re-encode it: turned upright by its EXIF orientation, then
    saved without any metadata (no EXIF, GPS, XMP, ICC comments), at most ``max_side`` pixels wide
    or high. A PNG stays a PNG (transparency), everything else becomes a JPEG.

    Returns the new file and its extension (``".jpg"`` or ``".png"``)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.width * probe.height > max_pixels:
                raise ImageError("too many pixels")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            keep_png = image.format == "PNG"
            image = ImageOps.exif_transpose(image)
            image.thumbnail((max_side, max_side))
            out = io.BytesIO()
            if keep_png:
                image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
                image.save(out, "PNG", optimize=True)
            else:
                image.convert("RGB").save(out, "JPEG", quality=quality)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        if isinstance(error, ImageError):
            raise
        raise ImageError(str(error)) from error
    finally:
        upload.seek(0)
    return ContentFile(out.getvalue()), ".png" if keep_png else ".jpg"
