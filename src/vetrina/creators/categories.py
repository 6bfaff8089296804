"""Moved to vetrina.lib.categories (lib, the lowest layer, formats category names). Kept only for the
import pipeline's modules, which move to their own app in a parallel change; import from lib."""

from vetrina.lib.categories import CATEGORIES, CATEGORY_CHOICES

__all__ = ["CATEGORIES", "CATEGORY_CHOICES"]
