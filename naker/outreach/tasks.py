"""outreach's jobs live with the member import (member_import/tasks.py; apps.py schedules the purge of old imports)."""
