from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from vetrina.creators.models import Creator
from vetrina.lib.progress import progress_bar
from vetrina.lib.workers import worker_pool
from vetrina.metrics.peers import peers_recompute
from vetrina.metrics.services import all_creators_numbers_recompute, recompute_workers
from vetrina.search.services import search_columns_write, stale_search_columns_found


class Command(BaseCommand):
    help = _("Recompute every creator's stored numbers from their videos and follower snapshots.")

    def handle(self, *args: Any, **options: Any) -> None:
        total = Creator.objects.count()
        workers = recompute_workers(total)
        # One set of worker processes for the numbers and the search columns, started once.
        with worker_pool(workers) as pool:
            with progress_bar(_("Recomputing"), total=total, enabled=options["verbosity"] > 0) as advance_to:
                done = all_creators_numbers_recompute(on_progress=advance_to, workers=workers, pool=pool)
            # The columns search reads stay in step with the profiles, however those were written: the
            # workers work them out while this process holds every creator against its peers.
            stale = stale_search_columns_found(workers=workers, pool=pool)
            peers_recompute()
            search_columns_write(stale)
        self.stdout.write(_("Recomputed the numbers of %(count)d creators.") % {"count": done})
