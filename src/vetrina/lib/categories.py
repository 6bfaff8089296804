"""The categories a creator can be listed under: one vocabulary for import, search and pages."""

from django.utils.translation import gettext_lazy as _

CATEGORIES = {
    "art": _("Art & design"),
    "automotive": _("Automotive"),
    "beauty": _("Beauty"),
    "books": _("Books"),
    "comedy": _("Comedy"),
    "dance": _("Dance"),
    "diy": _("DIY & crafts"),
    "education": _("Education"),
    "family": _("Family & parenting"),
    "fashion": _("Fashion"),
    "finance": _("Finance"),
    "fitness": _("Fitness"),
    "food": _("Food & drink"),
    "gaming": _("Gaming"),
    "home": _("Home & garden"),
    "lifestyle": _("Lifestyle"),
    "music": _("Music"),
    "outdoors": _("Outdoors"),
    "pets": _("Pets & animals"),
    "sports": _("Sports"),
    "tech": _("Tech"),
    "travel": _("Travel"),
}

CATEGORY_CHOICES = sorted(CATEGORIES.items())
