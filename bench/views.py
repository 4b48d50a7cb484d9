from django.shortcuts import render


def baseline(request):
    """The reference page of the benchmark: base.html with its menu and nothing inside, for a logged-in person."""
    return render(request, "base.html")
