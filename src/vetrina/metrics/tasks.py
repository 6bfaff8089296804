from django.tasks import task

from vetrina.metrics.peers import peers_recompute


@task
def peers_refresh() -> int:
    """Every creator's peer group, percentiles and score again, after staff verified or unverified one."""
    return peers_recompute()
