"""The simulated members of `python -m bench load`: each signs in as a demo brand member, then searches,
opens metrics pages, reads the API, adds creators to a list and contacts them, pausing between clicks as a
person does. Requests are named by kind; the writes are "add to list" and "contact"."""

import itertools
import json
import os
import random
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from locust import HttpUser, between, task

from bench.search import SHAPES

PLAN: dict[str, Any] = json.loads(Path(os.environ["VETRINA_LOAD_PLAN"]).read_text())
_member_numbers = itertools.count()
WRITES = ("add to list", "contact")


class Member(HttpUser):
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.member = PLAN["members"][next(_member_numbers) % len(PLAN["members"])]
        self.client.get("/login/", name="log in")
        with self.client.post(
            "/login/",
            {
                "username": self.member["username"],
                "password": self.member["password"],
                "csrfmiddlewaretoken": self.client.cookies["csrftoken"],
            },
            name="log in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"log-in answered {response.status_code}")

    def _handle(self) -> str:
        return str(random.choice(PLAN["handles"]))

    def _csrf(self) -> dict[str, str]:
        return {"X-CSRFToken": self.client.cookies.get("csrftoken") or "", "HX-Request": "true"}

    @task(4)
    def search_page(self) -> None:
        self.client.get(f"/search/?{urlencode(random.choice(list(SHAPES.values())))}", name="search page")

    @task(3)
    def metrics_page(self) -> None:
        self.client.get(f"/creators/{self._handle()}/", name="metrics page")

    @task(2)
    def api_search(self) -> None:
        self.client.get(
            f"/api/v1/creators?{urlencode(random.choice(list(SHAPES.values())))}",
            headers={"Authorization": f"Bearer {self.member['token']}"},
            name="api search",
        )

    @task(2)
    def api_creator(self) -> None:
        self.client.get(
            f"/api/v1/creators/{self._handle()}",
            headers={"Authorization": f"Bearer {self.member['token']}"},
            name="api creator",
        )

    @task(1)
    def add_to_list(self) -> None:
        self.client.post(
            f"/shortlists/picker/{self._handle()}/",
            {"action": "add", "shortlist": self.member["shortlist"]},
            headers=self._csrf(),
            name="add to list",
        )

    @task(1)
    def contact(self) -> None:
        handle = random.choice(PLAN["contactable"])
        with self.client.post(
            f"/contact/?creator={handle}",
            {
                "campaign_name": f"Spring launch {self.member['username']}",
                "description": "Two videos with our spring colours, posted in April.",
                "payment_option": "fixed_fee",
                "payment_amount": "800.00",
                "payment_currency": "USD",
                "contact_name": "Load Member",
                "contact_email": self.member["username"],
                "deliverable_brief": "One video with our spring colours.",
                "deliverable_due_date": "2999-01-01",
                "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""),
            },
            name="contact",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            # Sent: a redirect to the campaign. A page again (200/400) means the form was refused.
            if response.status_code != 302:
                response.failure(f"contact answered {response.status_code}")
