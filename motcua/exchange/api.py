"""The inbound API the national portal calls with a dossier submitted there."""

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions
from rest_framework.exceptions import AuthenticationFailed, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.exchange import catalogue, protocol, services

HEADERS = [
    OpenApiParameter(name, OpenApiTypes.STR, OpenApiParameter.HEADER, required=True, description=text)
    for name, text in [
        ("X-Portal-Key", "Mã khóa kết nối của Cổng DVC quốc gia"),
        ("X-Portal-Timestamp", "Thời điểm gửi (giây Unix)"),
        ("X-Portal-Signature", "HMAC-SHA256 (hex) của `timestamp.body` bằng khóa bí mật chung"),
    ]
]


class InboundDossier(APIView):
    """Hồ sơ nộp trên Cổng Dịch vụ công quốc gia chuyển về thành phố: MaHoSo, MaTTHC, KenhThucHien,
    ChuHoSo, DinhDanhCHS, SoDienThoai, TrangThaiHoSo (1), MaCoQuan, TaiLieuNop [{TenTepDinhKem,
    TenGiayTo, NoiDung (base64), DuocSoHoa, DuocTaiSuDung}], DanhSachGiayToKetQua. Gửi lại cùng
    MaHoSo trả về hồ sơ đã nhận (200), không tạo hồ sơ thứ hai."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser]

    @extend_schema(
        parameters=HEADERS, request=OpenApiTypes.OBJECT, responses={201: OpenApiTypes.OBJECT, 200: OpenApiTypes.OBJECT}
    )
    def post(self, request):
        problem = protocol.verify(request.headers, request.body)
        if problem:
            raise AuthenticationFailed(problem)
        dossier, created = services.receive(request.data)
        return Response(
            {
                "MaHoSo": dossier.portal.national_code,
                "MaHoSoDiaPhuong": dossier.code,
                "TrangThaiHoSo": str(dossier.status),
                "MaCoQuan": dossier.agency.code,
                "trung_lap": not created,
            },
            status=201 if created else 200,
        )


class PublishedCatalogue(APIView):
    """Danh mục thủ tục của thành phố cho Cổng DVC quốc gia: các thủ tục đang công bố và đã bãi bỏ
    (MaTTHC, TenTTHC, TrangThai, MucDo, CapThucHien, CoQuanThucHien [MaCoQuan], SoQuyetDinh,
    NgayCapNhat); ``since`` (YYYY-MM-DD) chỉ lấy thủ tục thay đổi từ ngày đó. Ký như các yêu cầu
    khác (chữ ký trên thân rỗng)."""

    permission_classes = [permissions.AllowAny]
    authentication_classes = []

    @extend_schema(parameters=[*HEADERS, OpenApiParameter("since", OpenApiTypes.DATE)], responses=OpenApiTypes.OBJECT)
    def get(self, request):
        problem = protocol.verify(request.headers, b"")
        if problem:
            raise AuthenticationFailed(problem)
        since = request.query_params.get("since")
        try:
            since = date.fromisoformat(since) if since else None
        except ValueError as error:
            raise ValidationError({"since": ["Ngày phải có dạng YYYY-MM-DD."]}) from error
        data = catalogue.published(since)
        return Response({"MaTinh": "48", "TenTinh": "Thành phố Đà Nẵng", "SoLuong": len(data), "data": data})
