from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.lib.progress import progress_bar
from vetrina.metrics.services import all_creators_recompute, recompute_workers
from vetrina.search.services import search_columns_refresh


class Command(BaseCommand):
    help = _("Recompute every creator's stored numbers from their videos and follower snapshots.")

    def handle(self, *args: Any, **options: Any) -> None:
        total = Creator.objects.count()
        workers = recompute_workers(total)
        with progress_bar(_("Recomputing"), total=total, enabled=options["verbosity"] > 0) as advance_to:
            done = all_creators_recompute(on_progress=advance_to, workers=workers)
        # The columns search reads stay in step with the profiles, however those were written.
        search_columns_refresh(workers=workers)
        self.stdout.write(_("Recomputed the numbers of %(count)d creators.") % {"count": done})
