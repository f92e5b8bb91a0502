from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from motcua.documents.selectors import store_of


@login_required
def store(request):
    return render(request, "documents/store.html", {"items": store_of(request.user)})


@login_required
def download(request, pk):
    item = get_object_or_404(store_of(request.user), pk=pk)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
