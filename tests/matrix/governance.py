"""The governance part of the matrix world: a comité de pilotage of the Rhône whose member is the partner's
organisation, one meeting and one decision on the world's action."""

import datetime

from gouvernance.enums import InstanceKind
from gouvernance.models import Instance, Meeting


def build_governance(*, schema, action, organisation):
    instance = Instance.objects.create(schema=schema, kind=InstanceKind.COPIL, name="Comité de pilotage (matrice)")
    instance.members.set([organisation])
    meeting = Meeting.objects.create(body=instance, date=datetime.date(2025, 3, 14), minutes="Compte rendu")
    decision = meeting.decisions.create(text="Décision (matrice)", carrier=organisation, due_date=datetime.date(2025, 9, 30))
    decision.actions.set([action])
    return {"gov_instance": instance, "gov_meeting": meeting, "gov_decision": decision}
