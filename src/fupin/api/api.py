"""The HTTP API under /api/. This module only mounts routers; each app owns its endpoints."""

from __future__ import annotations

from ninja import NinjaAPI

from fupin.accounts.api import router as accounts_router
from fupin.accounts.auth import SessionAuth, TokenAuth
from fupin.grid.api import router as grid_router
from fupin.ledger.api import router as ledger_router
from fupin.monitoring.api import router as monitoring_router
from fupin.projects.api import router as projects_router
from fupin.regions.api import router as regions_router
from fupin.visits.api import router as visits_router

api = NinjaAPI(
    title="fupin 数据接口",
    version="1",
    description=(
        "精准扶贫与防止返贫监测数据接口。网页用户以登录会话访问（写操作需 CSRF 令牌），"
        "其他部门的系统以 `Authorization: Bearer <令牌>` 访问。所有数据限于账号的管辖区域，"
        "区域外的对象一律返回 404。办理监测案件和问题台账的各步骤时，请在 `If-Match` 头中回传"
        '读取时记录的 `version`（如 `If-Match: "3"`）：记录已被他人修改的，答 409 并说明改动，'
        "不写入任何内容；不带此头的请求只按记录的当前状态检查。"
    ),
    auth=[SessionAuth(csrf=True), TokenAuth()],
    urls_namespace="api",
    # The interactive docs page loads Swagger UI from a CDN and runs an inline script: neither
    # works on an offline intranet under our CSP. The schema itself is served.
    docs_url=None,
)
api.add_router("/regions", regions_router)
api.add_router("/me", accounts_router)
api.add_router("/monitoring", monitoring_router)
api.add_router("/grid", grid_router)
api.add_router("/visits", visits_router)
api.add_router("/ledger", ledger_router)
api.add_router("/projects", projects_router)
