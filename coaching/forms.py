from django import forms

from plans.models import WorkoutPlan


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        max_length=2000,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Your member sees it on this session.",
    )


class InviteCodeForm(forms.Form):
    code = forms.CharField(
        label="Invite code", max_length=64, strip=True, help_text="The code or link your coach gave you."
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        # A pasted link works too: keep what follows the last slash.
        return code.rstrip("/").rsplit("/", 1)[-1]


class AssignPlanForm(forms.Form):
    plan = forms.ModelChoiceField(queryset=WorkoutPlan.objects.none(), label="Plan from your library", empty_label=None)

    def __init__(self, *args: object, coach: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["plan"].queryset = WorkoutPlan.objects.for_user(coach).order_by("name")  # type: ignore[attr-defined, arg-type]
