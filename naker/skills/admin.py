from django.contrib import admin

from naker.skills.models import Occupation, Sector

admin.site.register(Sector)
admin.site.register(Occupation)
