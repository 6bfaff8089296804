"""The creator's metrics page. Expected figures come from the raw data through the independent oracle
(metrics/tests/oracle.py) or by hand, and are written out with Python's own formatting."""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime

import pytest
from django.test import Client

from vetrina.creators.models import Creator
from vetrina.creators.tests.factories import (
    CreatorFactory,
    FollowerSnapshotFactory,
    VideoFactory,
)
from vetrina.metrics.peers import peers_recompute
from vetrina.metrics.services import creators_recompute
from vetrina.metrics.tests import oracle
from vetrina.metrics.tests.sample_creators import (
    COUNTRY_SHARES,
    URL,
    asha_with_peers,
    en,
    raw_snapshots,
    raw_videos,
)
from vetrina.metrics.tests.sample_creators import (
    peer as sample_peer,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def creator(db) -> Creator:
    return asha_with_peers()


@pytest.fixture
def brand_client(brand_member) -> Client:
    client = Client()
    client.force_login(brand_member)
    return client


def text(html: str) -> str:
    """The page's text, tags dropped and spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def chart(html: str, key: str) -> ET.Element:
    """The SVG drawn in the page's chart box `key`."""
    found = re.search(rf'data-chart="{key}"[^>]*>(<svg.*?</svg>)</div>', html, re.S)
    assert found is not None, key
    return ET.fromstring(found.group(1))


def hover_texts(svg: ET.Element) -> list[str]:
    """What each mark says on hover (its <title>), in drawing order."""
    return [title.text or "" for title in svg.iter(f"{SVG}title")]


def marks(svg: ET.Element, tag: str) -> list[ET.Element]:
    return [element for element in svg.iter(f"{SVG}{tag}") if "mark" in element.get("class", "")]


def test_the_header_says_who_the_creator_is(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    # then the initials stand in for a picture, and the profile reads in words
    assert '<span class="avatar" aria-hidden="true">AS</span>' in html
    page = text(html)
    assert "Asha Sharma ✓ Verified creator" in page
    assert "@asha.fits · 🇮🇳 India · Fashion, Beauty · Hindi, English" in page
    # reach is the latest snapshot's count; the data date its day
    reach = oracle.reach(raw_snapshots())
    assert reach == 220_500
    assert f'<span class="figure" title="{en(reach)}">220K</span>' in html
    assert 'Data as of <time datetime="2026-11-20">20 Nov 2026</time>' in html


def test_the_header_shows_the_bio_and_the_face_over_the_initials(brand_client, creator):
    # given a creator with a bio (with markup in it) and a picture
    Creator.objects.filter(pk=creator.pk).update(
        bio="Outfits <b>every</b> day\nand more", avatar_url="https://images.asha.example/face.jpg?s=1&t=2"
    )
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    # then the bio is shown as written, as text, and the picture lies over the initials
    assert '<p class="creator-bio">Outfits &lt;b&gt;every&lt;/b&gt; day<br>and more</p>' in html
    assert (
        '<span class="avatar" aria-hidden="true">AS<img src="https://images.asha.example/face.jpg?s=1&amp;t=2" '
        'alt="" data-initials="AS" loading="lazy" decoding="async" referrerpolicy="no-referrer"></span>'
    ) in html
    # with no inline handler to fall back: the initials stay beneath, and the picture draws them if broken
    assert "onerror" not in html


def test_the_core_metrics_are_the_last_30_videos_with_how_they_are_computed(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    expected = oracle.core_metrics(raw_videos())
    for key, value in expected.items():
        assert value is not None
        block = html.split(f'id="metric-{key}"')[1].split('<div class="metric"')[0]
        shown = f"{value:.4%}".rstrip("0").rstrip(".") if key == "engagement_rate" else en(value)
        assert f'title="{shown}' in block, key
        # the window: the 30 most recent of 34 daily videos, 22 Oct to 20 Nov
        assert "over the 30 most recent videos (22 Oct 2026 – 20 Nov 2026)." in text(block)
    assert "(Σ likes + Σ comments + Σ shares) / Σ views" in html


def test_each_metric_says_where_it_stands_among_its_peers_and_which_peers(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    # four fashion peers are fewer than 30, and so is the tier: the group is every verified creator, the
    # four of them (Asha left out). Average views: above 500, 800 and 900, under 50,000: 75 %
    avg_views = oracle.core_metrics(raw_videos())["avg_views"]
    assert avg_views is not None
    below = [v for v in (500, 800, 900, 50_000) if v < avg_views]
    assert len(below) == 3
    share = 100 * len(below) / 4
    views_block = text(html.split('id="metric-avg_views"')[1].split('<div class="metric"')[0])
    assert f"higher than {share:.0f}% of 4 verified creators" in views_block
    # likes and median views rank as average views do against these peers
    for key in ("avg_likes", "median_views"):
        block = text(html.split(f'id="metric-{key}"')[1].split('<div class="metric"')[0])
        assert f"higher than {share:.0f}% of 4 verified creators" in block, key
    # comments and shares: no peer has them, so no comparison
    for key in ("avg_comments", "avg_shares"):
        block = text(html.split(f'id="metric-{key}"')[1].split('<div class="metric"')[0])
        assert "No peer comparison yet" in block, key
    # engagement: above 0.01 and 0.02, under 0.5 and 0.6: 50 %
    rate = oracle.core_metrics(raw_videos())["engagement_rate"]
    assert rate is not None
    assert len([r for r in (0.01, 0.02, 0.5, 0.6) if r < rate]) == 2
    rate_block = text(html.split('id="metric-engagement_rate"')[1].split('<div class="metric"')[0])
    assert "higher than 50% of 4 verified creators" in rate_block


def fashion_group(size: int, *, views_from: int) -> None:
    """`size` verified fashion creators with 100k–1M followers, average views views_from, views_from + 1…"""
    for n in range(size):
        sample_peer(f"fashion.{n}", avg_views=views_from + n, engagement_rate=0.05)


@pytest.mark.parametrize(
    ("views_from", "standing", "standing_it"),
    [
        # every peer's views above Asha's (about 1,600): the lowest, never "above 0%"
        (100_000, "the lowest, against 30 Fashion creators with 100k–1M followers",
         "il valore più basso rispetto a 30 creator di Moda con 100k–1M follower"),
        # every peer's below: the highest
        (1, "the highest, against 30 Fashion creators with 100k–1M followers",
         "il valore più alto rispetto a 30 creator di Moda con 100k–1M follower"),
    ],
)  # fmt: skip
def test_the_ends_of_a_group_read_as_lowest_and_highest(
    brand_client, creator, views_from, standing, standing_it
):
    # given 30 more fashion peers: a group of its own (the four others too)
    fashion_group(30 - 4, views_from=views_from)
    for n in range(4):
        Creator.objects.filter(handle=f"peer.{n}").update(avg_views=views_from + 100 + n)
    peers_recompute()
    # when
    html = brand_client.get(URL.format(creator.handle)).content.decode()
    italian = brand_client.get(URL.format(creator.handle), headers={"accept-language": "it"}).content.decode()
    # then
    block = text(html.split('id="metric-avg_views"')[1].split('<div class="metric"')[0])
    assert standing in block
    assert standing_it in text(italian.split('id="metric-avg_views"')[1].split('<div class="metric"')[0])


def test_a_group_of_a_tier_and_category_is_named_with_its_size(brand_client, creator):
    # given 1,196 + 4 fashion peers of Asha's tier, half of them under her average views
    avg_views = oracle.core_metrics(raw_videos())["avg_views"]
    assert avg_views is not None
    fashion_group(598, views_from=0)
    fashion_group_above = 598
    for n in range(fashion_group_above):
        sample_peer(f"fashion.up.{n}", avg_views=avg_views + 1 + n, engagement_rate=0.05)
    peers_recompute()
    # when
    html = brand_client.get(URL.format(creator.handle)).content.decode()
    # then 598 + 3 of the 1,200 are lower: 50.08 %, shown rounded down
    below = 598 + 3
    assert int(100 * below / 1_200) == 50
    block = text(html.split('id="metric-avg_views"')[1].split('<div class="metric"')[0])
    assert "higher than 50% of 1,200 Fashion creators with 100k–1M followers" in block


def test_the_sample_videos_are_the_four_most_recent_with_their_tiktok_links(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    newest = [video["id"] for video in oracle.last(raw_videos(), 4)]
    links = re.findall(r"https://www\.tiktok\.com/@asha\.fits/video/(\d+)", html)
    assert links == [str(video_id) for video_id in newest]
    assert "look 134" in html


def test_the_toggle_swaps_in_the_most_popular_without_the_rest_of_the_page(brand_client, creator):
    response = brand_client.get(
        URL.format(creator.handle), {"videos": "popular"}, headers={"HX-Request": "true"}
    )

    html = response.content.decode()
    by_views = sorted(raw_videos(), key=lambda video: video["views"], reverse=True)[:4]
    links = re.findall(r"https://www\.tiktok\.com/@asha\.fits/video/(\d+)", html)
    assert links == [str(video["id"]) for video in by_views]
    assert html.lstrip().startswith('<section class="creator-section" id="sample-videos"')
    assert 'value="popular" checked' in html
    assert "Core metrics" not in html


def test_a_link_with_the_popular_order_opens_the_page_with_it(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle), {"videos": "popular"}).content.decode()

    assert 'value="popular" checked' in html
    assert "Core metrics" in html


def test_the_charts_are_drawn_in_the_page_from_the_audience_and_the_trends(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    # the top ten countries, then the other two as one, each bar saying its share on hover
    countries = hover_texts(chart(html, "audience-country"))
    assert countries[:3] == ["India: 40.0%", "United States of America: 20.0%", "United Kingdom: 10.0%"]
    assert countries[-1] == "Other: 3.0%"
    assert len(countries) == 11
    asia = oracle.continents(COUNTRY_SHARES)["AS"]
    assert hover_texts(chart(html, "audience-continent"))[0] == f"Asia: {asia * 100:.1f}%"
    # the age bars in bracket order, as tall as their shares (0.4 and 0.6: two to three)
    age = chart(html, "audience-age")
    assert hover_texts(age) == [
        f"{bracket}: {share}"
        for bracket, share in zip(
            ["13-17", "18-24", "25-34", "35-44", "45-54", "55+"],
            ["0.0%", "40.0%", "60.0%", "0.0%", "0.0%", "0.0%"],
            strict=True,
        )
    ]
    heights = [float(bar.get("height", "0")) for bar in marks(age, "rect")]
    assert heights[1] / heights[2] == pytest.approx(0.4 / 0.6, rel=0.01)
    assert heights[0] == 0
    # the parts of a whole as a ring, with their legend
    activity = chart(html, "audience-activity")
    assert hover_texts(activity) == ["Active: 80.0%", "Passive: 20.0%"]
    assert [text.text for text in activity.iter(f"{SVG}text")] == ["Active 80.0%", "Passive 20.0%"]
    # followers from F(now − 30 days), one mark a day with its count
    followers = oracle.followers_series(raw_snapshots())
    assert hover_texts(chart(html, "followers")) == [
        f"{day.day} {day:%b %Y}: {en(count)} followers" for day, count in followers
    ]
    # a bar per video of the 30 days to the data date, as tall as its views
    videos = oracle.videos_series(raw_videos(), raw_snapshots())
    assert len(videos) == 30
    drawn = chart(html, "videos")
    assert hover_texts(drawn) == [
        f"{v['posted_at'].day} {v['posted_at']:%b %Y}: {en(v['views'])} views" for v in videos
    ]
    bars = [float(bar.get("height", "0")) for bar in marks(drawn, "rect")]
    tallest = max(range(len(videos)), key=lambda i: videos[i]["views"])
    assert bars.index(max(bars)) == tallest
    # the last 15 videos' rates, and the rate of all 15 as a labelled line
    engagement = oracle.engagement_series_last_15(raw_videos())
    rates = chart(html, "engagement")
    assert len(marks(rates, "circle")) == len([rate for _video, rate in engagement if rate is not None])
    headline = oracle.engagement_rate_last_15(raw_videos())
    assert headline is not None
    assert f"All 15: {headline * 100:.1f}%" in [text.text for text in rates.iter(f"{SVG}text")]
    # every chart is in the page already: nothing left for a script to draw
    assert html.count('data-drawn="true"') == 9


def test_an_italian_reader_gets_the_charts_in_italian(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle), headers={"accept-language": "it"}).content.decode()

    # the axis days, the hover texts and the shares written as Italian writes them
    axis = [text.text or "" for text in chart(html, "followers").iter(f"{SVG}text")]
    assert any(label.endswith(("ott", "nov")) for label in axis)
    assert not any("Oct" in label or "Nov" in label for label in axis)
    assert hover_texts(chart(html, "audience-activity")) == ["Attivo: 80,0%", "Passivo: 20,0%"]
    assert hover_texts(chart(html, "followers"))[-1].endswith(" follower")


def test_the_followers_chart_says_the_net_growth_per_day_and_rate(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    growth = oracle.follower_growth(raw_snapshots())
    assert growth["net"] == 15_000
    assert growth["per_day"] == 500
    assert growth["rate"] is not None
    headline = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", "", html.split('id="follower-growth"')[1].split("</p>")[0])
    )
    assert f"+15K (+500/day, +{growth['rate'] * 100:.1f}%)" in headline


def test_the_authenticity_section_lists_every_signal_with_its_typical_value(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    section = text(html.split('id="authenticity"')[1])
    for label in [
        "Active audience",
        "Engagement rate",
        "Largest follower jump",
        "Views per follower",
        "Comments per like",
    ]:
        assert label in section
    assert section.count("(typical ") == 5
    assert "Active audience 80.0%" in section
    # followers grew by 500 every day: the largest day is the usual one
    assert "Largest follower jump 1× the usual daily change" in section


def test_an_unscored_creator_shows_why(brand_client, db):
    # given a creator with two videos, one follower count and no peers: not one signal to judge
    newcomer = CreatorFactory.create(handle="new.face")
    for n in range(2):
        VideoFactory.create(creator=newcomer, posted_at=datetime(2026, 11, 1 + n, tzinfo=UTC))
    FollowerSnapshotFactory.create(creator=newcomer, date=date(2026, 11, 2), count=5_000)
    creators_recompute(creator_ids=[newcomer.pk])
    peers_recompute()

    section = text(
        brand_client.get(URL.format(newcomer.handle)).content.decode().split('id="authenticity"')[1]
    )

    assert (
        "Not enough data. Not scored: there are too few videos, follower counts or audience figures to "
        "judge even one signal by."
    ) in section


def test_a_score_on_little_data_says_its_confidence_is_low(brand_client, creator):
    # given a creator with two videos and a week of follower counts, among Asha's peers
    newcomer = CreatorFactory.create(handle="new.face", categories=["fashion"])
    for n in range(2):
        VideoFactory.create(creator=newcomer, posted_at=datetime(2026, 11, 1 + n, tzinfo=UTC))
    for k in range(7):
        FollowerSnapshotFactory.create(creator=newcomer, date=date(2026, 11, 1 + k), count=250_000 + k)
    creators_recompute(creator_ids=[newcomer.pk])
    peers_recompute()
    # when
    html = brand_client.get(URL.format(newcomer.handle)).content.decode()
    # then
    assert Creator.objects.get(pk=newcomer.pk).authenticity_confidence == "low"
    confidence = text(html.split('id="authenticity-confidence"')[1].split("</p>")[0])
    assert "Low confidence. The score rests on little data" in confidence


def test_a_score_on_enough_data_says_its_confidence(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()
    expected = {"high": "High confidence.", "medium": "Medium confidence.", "low": "Low confidence."}
    stored = Creator.objects.get(pk=creator.pk).authenticity_confidence
    assert stored is not None
    assert expected[stored] in text(html.split('id="authenticity-confidence"')[1].split("</p>")[0])


def test_a_creator_with_no_data_shows_dashes_not_zeros(brand_client, db):
    empty = CreatorFactory.create(handle="empty.one")

    html = brand_client.get(URL.format(empty.handle)).content.decode()

    assert '<span class="figure" title="—">—</span>' in html
    assert "over the 30 most recent videos; there are none yet." in html
    assert "No videos yet." in html
    assert "Growth unknown" in html


def test_brands_get_contact_and_add_to_list_and_visitors_do_not(creator, brand_member, visitor):
    for user, shown in [(brand_member, True), (visitor, False)]:
        client = Client()
        client.force_login(user)
        html = client.get(URL.format(creator.handle)).content.decode()
        assert ("Add to list" in html) is shown


def test_the_page_makes_nine_queries(brand_client, creator, django_assert_num_queries):
    # session, user, creator, the sample videos, every video, the follower snapshots, the audience's
    # countries, the peer group's typical values, and the brand's lists holding the creator (Add to list)
    with django_assert_num_queries(9):
        response = brand_client.get(URL.format(creator.handle))
    assert response.status_code == 200


def test_the_toggle_makes_four_queries(brand_client, creator, django_assert_num_queries):
    # session, user, creator, the sample videos
    with django_assert_num_queries(4):
        response = brand_client.get(
            URL.format(creator.handle), {"videos": "popular"}, headers={"HX-Request": "true"}
        )
    assert response.status_code == 200


def test_the_page_loads_no_chart_library(brand_client, creator):
    html = brand_client.get(URL.format(creator.handle)).content.decode()

    # the charts are drawn by the server: the page's only script is htmx, served by Vetrina
    scripts = re.findall(r"<script[^>]*>", html)
    assert scripts == [tag for tag in scripts if 'src="/static/' in tag]
    assert not any("plotly" in tag or "creator.js" in tag for tag in scripts)
