from trajecten.samenwerking.views import mail, overdracht, personen, team

urlpatterns = [*personen.urls, *team.urls, *overdracht.urls, *mail.urls]
