"""The creator's metrics page (/creators/<handle>/) for people: `page` assembles what the page shows from
metrics.selectors' data, `authenticity` says in words why each authenticity signal counts (for the page
and the API's detail, metrics.api). The view is metrics.views.detail, the template metrics/creator.html;
every number is formatted by vetrina.lib.formatting."""
