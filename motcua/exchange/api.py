"""The inbound API the national portal calls with a dossier submitted there."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.exchange import protocol, services

HEADERS = [OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description=text) for name, text in [
    ("X-Portal-Key", "Mã khóa kết nối của Cổng DVC quốc gia"), ("X-Portal-Timestamp", "Thời điểm gửi (giây Unix)"),
    ("X-Portal-Signature", "HMAC-SHA256 (hex) của `timestamp.body` bằng khóa bí mật chung"),
]]


class InboundDossier(APIView):
    """Hồ sơ nộp trên Cổng Dịch vụ công quốc gia chuyển về thành phố: MaHoSo, MaTTHC, KenhThucHien,
    ChuHoSo, DinhDanhCHS, SoDienThoai, TrangThaiHoSo (1), MaCoQuan, TaiLieuNop [{TenTepDinhKem,
    TenGiayTo, NoiDung (base64), DuocSoHoa, DuocTaiSuDung}], DanhSachGiayToKetQua. Gửi lại cùng
    MaHoSo trả về hồ sơ đã nhận (200), không tạo hồ sơ thứ hai."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser]

    @extend_schema(parameters=HEADERS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT})
    def post(self, request):
        problem = protocol.verify(request.headers, request.body)
        if problem:
            raise AuthenticationFailed(problem)
        dossier, created = services.receive(request.data)
        return Response({"MaHoSo": dossier.portal.national_code, "MaHoSoDiaPhuong": dossier.code, "TrangThaiHoSo": str(dossier.status),
                         "MaCoQuan": dossier.agency.code, "trung_lap": not created}, status=201 if created else 200)
