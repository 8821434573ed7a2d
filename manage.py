#!/usr/bin/env python
import os
import sys

# Commands that serve requests act per request, as the signed-in member; every other management
# command is server-side work and runs in a named system context (see gymtracker/rls.py).
SERVING_COMMANDS = {"runserver", "testserver"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gymtracker.settings")
    if len(sys.argv) > 1 and sys.argv[1] not in SERVING_COMMANDS:
        os.environ["GYMTRACKER_SYSTEM_CONTEXT"] = f"manage.py {sys.argv[1]}"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
