from vetrina.shortlists.sorting import sort_headers


def by_key(sort: str) -> dict[str, dict]:
    return {header["key"]: header for header in sort_headers(sort)}


def test_a_first_click_sorts_numbers_largest_first_and_creators_a_to_z():
    headers = by_key("added")
    assert headers["creator"]["query"] == "?sort=creator"
    assert headers["reach"]["query"] == "?sort=-reach"
    assert all(header["aria_sort"] is None for header in headers.values())


def test_the_current_column_says_its_direction_and_links_to_the_other():
    assert by_key("-reach")["reach"] | {"label": None} == {
        "key": "reach",
        "label": None,
        "numeric": True,
        "query": "?sort=reach",
        "aria_sort": "descending",
    }
    assert by_key("creator")["creator"]["aria_sort"] == "ascending"
    assert by_key("creator")["creator"]["query"] == "?sort=-creator"
    assert by_key("creator")["creator"]["numeric"] is False
