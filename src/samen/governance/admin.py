from django.contrib import admin

from samen.governance.models import Body, Meeting, Membership

admin.site.register(Body)
admin.site.register(Membership)
admin.site.register(Meeting)
