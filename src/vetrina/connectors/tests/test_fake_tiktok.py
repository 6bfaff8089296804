"""The fake TikTok answers in the shapes of the recorded examples (tiktok_responses/), so that it cannot
drift from what TikTok documents."""

import json
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from vetrina.connectors.tests.fake_tiktok import example


def keys(value: object) -> object:
    """The shape of a JSON value: its keys, all the way down (lists by their first item)."""
    if isinstance(value, dict):
        return {key: keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [keys(value[0])] if value else []
    return type(value).__name__


def test_every_answer_has_the_shape_of_its_recorded_example(fake_tiktok):
    fake_tiktok.account.is_business_account = True
    grant = fake_tiktok.grant(
        scopes=(
            "user.info.basic",
            "user.info.profile",
            "user.info.stats",
            "video.list",
            "user.account.type",
            "user.insights",
        )
    )
    assert keys(grant) == keys(example("oauth_token"))
    token = grant["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    fields = ",".join(example("user_info")["data"]["user"])
    with urlopen(Request(f"{fake_tiktok.api_url}v2/user/info/?fields={fields}", headers=bearer)) as answer:
        assert keys(json.load(answer)) == keys(example("user_info"))
    fields = ",".join(example("video_list")["data"]["videos"][0])
    request = Request(
        f"{fake_tiktok.api_url}v2/video/list/?fields={fields}",
        data=b'{"max_count": 20}',
        headers={**bearer, "Content-Type": "application/json"},
        method="POST",
    )
    with urlopen(request) as answer:
        assert keys(json.load(answer)) == keys(example("video_list"))
    query = urlencode(
        {"business_id": grant["open_id"], "fields": json.dumps(list(example("business_get")["data"]))}
    )
    url = f"{fake_tiktok.business_api_url}business/get/?{query}"
    with urlopen(Request(url, headers={"Access-Token": token})) as answer:
        assert keys(json.load(answer)) == keys(example("business_get"))
