import pytest


@pytest.fixture
def signed_in(client, member):
    client.force_login(member)
    return client
