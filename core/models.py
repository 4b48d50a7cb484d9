from django.db import models


class SentNotification(models.Model):
    """One scheduled e-mail that was sent, under a key naming what it was about: the scheduled commands send
    a key once, so that running them twice sends nothing twice."""

    key = models.CharField("clé", max_length=200, unique=True)
    recipient = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=250)
    sent_at = models.DateTimeField("envoyé le", auto_now_add=True)

    class Meta:
        verbose_name = "courriel programmé envoyé"
        verbose_name_plural = "courriels programmés envoyés"
        ordering = ["-sent_at"]

    def __str__(self):
        return f"{self.subject} → {self.recipient}"
