"""Password hashing: Argon2id at a cost chosen for this service (docs/resilience.md).

Django's own Argon2 defaults (100 MiB, 2 passes, 8 lanes) took 0.6 s of a core per sign-in on a
2-core host, as PBKDF2's 1.5 million iterations took 0.8 s: 50 members signing in at once then
waited up to 22 s. OWASP's first Argon2id choice (19 MiB, 2 passes, 1 lane) takes about 45 ms
and still costs an attacker 19 MiB of memory per guess. Stored hashes made with other costs (or
with PBKDF2) are rehashed at these on the member's next sign-in.
"""

from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class TunedArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id (algorithm name "argon2", so Django's rehash-on-login applies) with the costs of
    the ARGON2_* settings."""

    time_cost = settings.ARGON2_TIME_COST
    memory_cost = settings.ARGON2_MEMORY_KIB
    parallelism = settings.ARGON2_PARALLELISM
