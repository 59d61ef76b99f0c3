from django.contrib import admin

from samen.agreements.models import Agreement, Article, Lid

admin.site.register(Agreement)
admin.site.register(Article)
admin.site.register(Lid)
