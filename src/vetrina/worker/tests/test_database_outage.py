"""The worker outlives a database it cannot write to for a while: it waits, tries again, and does its
job once the database is back."""

import socket
import threading
from collections.abc import Callable
from contextlib import suppress

import pytest
from django.db import connection

from vetrina.accounts.services import application_approve
from vetrina.accounts.tests.factories import ApplicationFactory
from vetrina.conftest import Inbox, free_port
from vetrina.lib.tests.locking import write_lock_held
from vetrina.mail.models import OutboxMessage
from vetrina.worker.tests.conftest import WorkerProcess, wait_until

State = OutboxMessage.State
WAITING_FOR_THE_DATABASE = "cannot use the database"


def the_message() -> OutboxMessage:
    return OutboxMessage.objects.get()


def test_the_worker_waits_out_a_held_write_lock_and_then_sends_the_mail(
    worker: Callable[..., WorkerProcess], mail_server: Callable[[], Inbox], staff_user
):
    # given a worker with a message to send again, its mail server having been down
    application_approve(application=ApplicationFactory.create(), reviewed_by=staff_user)
    running = worker(lock_timeout=1)
    wait_until(lambda: the_message().state == State.RETRYING, what="a failed attempt", worker=running)
    # when another writer holds the database's write lock longer than the worker waits for it
    with write_lock_held():
        wait_until(
            lambda: WAITING_FOR_THE_DATABASE in running.log() or not running.running(),
            what="the worker to find the database locked",
            worker=running,
        )
        # then the worker is still alive
        assert running.running(), running.log()
        inbox = mail_server()
    # and once the lock is free, it sends the message, once
    wait_until(lambda: the_message().state == State.SENT, what="the message sent", worker=running)
    assert len(inbox.messages) == 1
    assert running.stop() == 0, running.log()


class DatabaseProxy:
    """A stand-in for PostgreSQL's address that passes connections on to it, and can be stopped (every
    connection cut, new ones refused) and started again: the database going away and coming back."""

    def __init__(self, *, host: str, port: int) -> None:
        self.target = (host, port)
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        assert self._listener is not None
        # shutdown() first: close() alone leaves a thread blocked in accept() listening on.
        with suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        for stream in self._open:
            with suppress(OSError):
                stream.shutdown(socket.SHUT_RDWR)
            stream.close()
        self._open = []

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # stopped
            server = socket.create_connection(self.target)
            self._open += [client, server]
            threading.Thread(target=self._pump, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client), daemon=True).start()

    @staticmethod
    def _pump(source: socket.socket, destination: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                destination.sendall(data)
        with suppress(OSError):
            destination.shutdown(socket.SHUT_WR)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite is a file: it cannot be out of reach")
def test_the_worker_waits_out_a_database_that_went_away_and_then_sends_the_mail(
    worker: Callable[..., WorkerProcess], mail_server: Callable[[], Inbox], staff_user
):
    # given a worker reaching PostgreSQL through a stand-in, with a message to send again
    proxy = DatabaseProxy(host=connection.settings_dict["HOST"], port=int(connection.settings_dict["PORT"]))
    proxy.start()
    application_approve(application=ApplicationFactory.create(), reviewed_by=staff_user)
    running = worker(port=proxy.port)
    wait_until(lambda: the_message().state == State.RETRYING, what="a failed attempt", worker=running)
    # when the database goes away
    proxy.stop()
    wait_until(
        lambda: WAITING_FOR_THE_DATABASE in running.log() or not running.running(),
        what="the worker to find the database gone",
        worker=running,
    )
    # then the worker is still alive
    assert running.running(), running.log()
    # and once the database is back, it sends the message, once
    inbox = mail_server()
    proxy.start()
    wait_until(lambda: the_message().state == State.SENT, what="the message sent", worker=running)
    assert len(inbox.messages) == 1
    assert running.stop() == 0, running.log()
    proxy.stop()
