from vetrina.creators.audience import SHARE_COLUMNS
from vetrina.creators.tests.factories import AudienceCountryFactory, CreatorFactory
from vetrina.demo.lists import DEMO_LIST_SIZE, DEMO_LISTS, demo_lists_ensure
from vetrina.shortlists.models import Shortlist
from vetrina.shortlists.selectors import shortlist_audience


def test_the_demo_brand_gets_its_lists_once_each_with_a_combined_audience(brand_member):
    # given creators of each demo list's search, with their audiences, more than a list holds
    for search in DEMO_LISTS.values():
        for number in range(DEMO_LIST_SIZE + 3):
            creator = CreatorFactory.create(
                country=search["country"][0],
                categories=search["category"],
                reach=10_000 * (number + 1),
                **{
                    column: 0.5 if bucket in ("female", "male") else None
                    for bucket, column in SHARE_COLUMNS["gender"].items()
                },
            )
            AudienceCountryFactory.create(creator=creator, country=search["country"][0], share=1.0)

    # when the demo is set up twice
    made = demo_lists_ensure(brand=brand_member)
    again = demo_lists_ensure(brand=brand_member)

    # then each list holds the largest creators of its search, and shows a combined audience
    assert (made, again) == (len(DEMO_LISTS), 0)
    for name, search in DEMO_LISTS.items():
        shortlist = Shortlist.objects.get(organisation=brand_member.organisation, name=name)
        assert shortlist.entries.count() == DEMO_LIST_SIZE
        audience = shortlist_audience(shortlist=shortlist)
        assert min(creator.reach or 0 for creator, _shares in audience.creators) == 10_000 * 4
        assert audience.combined["country"].shares == {search["country"][0]: 1.0}
        assert audience.combined["gender"].shares == {"female": 0.5, "male": 0.5, "other": 0.0}
