"""
Drives the emulator with a client that shares no code with this repository:
Microsoft's Python SDK as Debian ships it (python3-azure, January 2023), at
its own default api-versions (containerservice 2022-11-01, resource
2022-09-01, kubernetesconfiguration 2022-03-01, policy 2021-06-01,
authorization 2022-04-01, msi 2018-11-30), plus raw HTTP for every refusal.

Run by independentClient.test.ts with:
  ARM_URL, ARM_CA (the emulator's certificate), ARM_SUBSCRIPTION, ARM_TOKEN.
Prints one line per check ("ok <name>") and exits 1 at the first that fails.
"""
import json
import os
import sys
import time
import uuid

import requests
from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.authorization.models import RoleAssignmentCreateParameters
from azure.mgmt.containerservice import ContainerServiceClient
from azure.mgmt.containerservice.models import (
    ManagedCluster,
    ManagedClusterAADProfile,
    ManagedClusterAgentPoolProfile,
    ManagedClusterIdentity,
    ContainerServiceNetworkProfile,
)
from azure.mgmt.kubernetesconfiguration import SourceControlConfigurationClient
from azure.mgmt.kubernetesconfiguration.models import (
    Extension,
    FluxConfiguration,
    GitRepositoryDefinition,
    KustomizationDefinition,
    RepositoryRefDefinition,
)
from azure.mgmt.msi import ManagedServiceIdentityClient
from azure.mgmt.resource import PolicyClient, ResourceManagementClient, SubscriptionClient
from azure.mgmt.resource.policy.models import ParameterValuesValue, PolicyAssignment

URL = os.environ["ARM_URL"]
CA = os.environ["ARM_CA"]
SUB = os.environ["ARM_SUBSCRIPTION"]
TOKEN = os.environ["ARM_TOKEN"]
RG = "rg-python"
NO_PRIVILEGED = "/providers/Microsoft.Authorization/policyDefinitions/95edb821-ddaf-4404-9732-666045e056b4"
NETWORK_CONTRIBUTOR = "4d97b98b-1d4f-4787-a291-c67834d212e7"
ACR_PULL = "7f951dda-4ed3-4680-a7ca-43fe172d538d"
AKS = ("Microsoft.ContainerService", "managedClusters")

checks = 0


def check(name, condition, detail=""):
    global checks
    if not condition:
        print(f"FAILED {name} {detail}", flush=True)
        sys.exit(1)
    checks += 1
    print(f"ok {name}", flush=True)


class StaticToken:
    """A credential that hands out the token it was given (the emulator's JWT)."""

    def get_token(self, *scopes, **kwargs):
        return AccessToken(TOKEN, int(time.time()) + 3600)


common = dict(base_url=URL, connection_verify=CA, polling_interval=0)
cred = StaticToken()
arm = ResourceManagementClient(cred, SUB, **common)
aks = ContainerServiceClient(cred, SUB, **common)
kc = SourceControlConfigurationClient(cred, SUB, **common)
policy = PolicyClient(cred, SUB, **common)
auth = AuthorizationManagementClient(cred, SUB, **common)
msi = ManagedServiceIdentityClient(cred, SUB, **common)


def raw(method, path, body=None, token=TOKEN, headers=None):
    h = {"Content-Type": "application/json"}
    if token is not None:
        h["Authorization"] = f"Bearer {token}"
    h.update(headers or {})
    data = body if isinstance(body, str) else (json.dumps(body) if body is not None else None)
    r = requests.request(method, URL + path, data=data, headers=h, verify=CA)
    return r, (r.json() if r.content else None)


def cluster(name, gpu=True, **kwargs):
    pools = [ManagedClusterAgentPoolProfile(name="system", mode="System", vm_size="Standard_D4ds_v5", count=2)]
    if gpu:
        pools.append(
            ManagedClusterAgentPoolProfile(
                name="gpu",
                mode="User",
                vm_size="Standard_NC24ads_A100_v4",
                count=0,
                enable_auto_scaling=True,
                min_count=0,
                max_count=2,
                node_taints=["nvidia.com/gpu=present:NoSchedule"],
                node_labels={"accelerator": "nvidia-a100"},
            )
        )
    return ManagedCluster(
        location="southeastasia",
        identity=ManagedClusterIdentity(type="SystemAssigned"),
        kubernetes_version="1.33",
        dns_prefix=name,
        enable_rbac=True,
        aad_profile=ManagedClusterAADProfile(managed=True, enable_azure_rbac=True),
        agent_pool_profiles=pools,
        network_profile=ContainerServiceNetworkProfile(network_plugin="azure", network_policy="azure"),
        **kwargs,
    )


# --- Resource group, cluster with a GPU pool, reads and pages ----------------
group = arm.resource_groups.create_or_update(RG, {"location": "southeastasia"})
check("resource group created at 2022-09-01", group.name == RG and group.properties.provisioning_state == "Succeeded")

c1 = aks.managed_clusters.begin_create_or_update(RG, "py-dev-1", cluster("py-dev-1")).result()
check("cluster Succeeded", c1.provisioning_state == "Succeeded", c1.provisioning_state)
check("kubernetesVersion 1.33 resolved to a patch", c1.kubernetes_version == "1.33" and c1.current_kubernetes_version.startswith("1.33."))
pools = {p.name: p for p in c1.agent_pool_profiles}
check("GPU pool as asked", pools["gpu"].vm_size == "Standard_NC24ads_A100_v4" and pools["gpu"].max_count == 2 and pools["gpu"].node_taints == ["nvidia.com/gpu=present:NoSchedule"])
check("system-assigned identity with a principal id", uuid.UUID(c1.identity.principal_id) is not None and c1.identity.tenant_id)
kubelet = c1.identity_profile["kubeletidentity"]
check("kubelet identity", uuid.UUID(kubelet.object_id) is not None and kubelet.resource_id.endswith("/userAssignedIdentities/py-dev-1-agentpool"))
check("Azure RBAC with managed Entra ID", c1.aad_profile.managed and c1.aad_profile.enable_azure_rbac)

c2 = aks.managed_clusters.begin_create_or_update(RG, "py-dev-2", cluster("py-dev-2", gpu=False)).result()
check("two clusters have different principal ids", c1.identity.principal_id != c2.identity.principal_id)

got = aks.managed_clusters.get(RG, "py-dev-1")
check("GET matches", got.id.lower() == c1.id.lower() and got.fqdn == c1.fqdn)
listed = [c.name for c in aks.managed_clusters.list_by_resource_group(RG)]
check("list pages through nextLink (page size 1)", sorted(listed) == ["py-dev-1", "py-dev-2"], listed)
check("list across the subscription", len(list(aks.managed_clusters.list())) == 2)
pool_names = sorted(p.name for p in aks.agent_pools.list(RG, "py-dev-1"))
check("agent pools listed", pool_names == ["gpu", "system"], pool_names)
upgrade = aks.managed_clusters.get_upgrade_profile(RG, "py-dev-1")
check("upgrade profile", upgrade.control_plane_profile.kubernetes_version == c1.current_kubernetes_version)
subs = [s.subscription_id for s in SubscriptionClient(cred, **common).subscriptions.list()]
check("subscriptions listed (2021-01-01)", SUB in subs, subs)

# --- Flux and a Flux configuration ------------------------------------------
ext = kc.extensions.begin_create(RG, *AKS, "py-dev-1", "flux", Extension(extension_type="microsoft.flux")).result()
check("flux extension Succeeded", ext.provisioning_state == "Succeeded")
check("2022-03-01 answers installedVersion", ext.installed_version == "1.19.5", ext.installed_version)
flux = kc.flux_configurations.begin_create_or_update(
    RG,
    *AKS,
    "py-dev-1",
    "platform",
    FluxConfiguration(
        scope="cluster",
        namespace="flux-system",
        source_kind="GitRepository",
        git_repository=GitRepositoryDefinition(url="https://github.com/example/platform", repository_ref=RepositoryRefDefinition(branch="main")),
        kustomizations={"apps": KustomizationDefinition(path="./apps")},
    ),
).result()
check("Flux configuration Succeeded and Compliant", flux.provisioning_state == "Succeeded" and flux.compliance_state == "Compliant")
check("Flux reports the revision", flux.source_synced_commit_id.startswith("main@sha1:"))
check("Flux configurations listed", [f.name for f in kc.flux_configurations.list(RG, *AKS, "py-dev-1")] == ["platform"])

# --- A policy and a role -------------------------------------------------------
pa = policy.policy_assignments.create(
    c1.id,
    "no-privileged",
    PolicyAssignment(policy_definition_id=NO_PRIVILEGED, parameters={"effect": ParameterValuesValue(value="Deny")}),
)
check("policy assigned at the cluster (2021-06-01)", pa.name == "no-privileged" and pa.scope.lower() == c1.id.lower())
check("policy assignment read back", policy.policy_assignments.get(c1.id, "no-privileged").policy_definition_id == NO_PRIVILEGED)
states, body = raw("POST", f"/subscriptions/{SUB}/providers/Microsoft.PolicyInsights/policyStates/latest/queryResults?api-version=2019-10-01")
check("compliance state for the assigned policy", states.status_code == 200 and any(v["policyAssignmentName"] == "no-privileged" and v["complianceState"] == "Compliant" for v in body["value"]), body)

for principal, role, label in [(c1.identity.principal_id, NETWORK_CONTRIBUTOR, "cluster 1"), (c2.identity.principal_id, NETWORK_CONTRIBUTOR, "cluster 2"), (kubelet.object_id, ACR_PULL, "kubelet")]:
    ra = auth.role_assignments.create(
        f"/subscriptions/{SUB}/resourceGroups/{RG}",
        str(uuid.uuid4()),
        RoleAssignmentCreateParameters(
            role_definition_id=f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{role}",
            principal_id=principal,
            principal_type="ServicePrincipal",
        ),
    )
    check(f"role granted to {label}", ra.principal_id == principal)
uai = msi.user_assigned_identities.create_or_update(RG, "id-py", {"location": "southeastasia"})
check("user-assigned identity created (msi 2018-11-30)", uuid.UUID(uai.principal_id) is not None)
ra = auth.role_assignments.create(
    f"/subscriptions/{SUB}/resourceGroups/{RG}",
    str(uuid.uuid4()),
    RoleAssignmentCreateParameters(role_definition_id=f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{ACR_PULL}", principal_id=uai.principal_id),
)
check("role granted to the user-assigned identity", ra.principal_id == uai.principal_id)
try:
    auth.role_assignments.create(
        f"/subscriptions/{SUB}/resourceGroups/{RG}",
        str(uuid.uuid4()),
        RoleAssignmentCreateParameters(role_definition_id=f"/subscriptions/{SUB}/providers/Microsoft.Authorization/roleDefinitions/{ACR_PULL}", principal_id=uai.principal_id),
    )
    check("the same grant twice is refused", False)
except HttpResponseError as e:
    check("the same grant twice is RoleAssignmentExists", e.status_code == 409 and e.error.code == "RoleAssignmentExists", e.message)

# --- A property 2022-11-01 cannot express survives its read-modify-write ----------
r, b = raw(
    "PUT",
    f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ContainerService/managedClusters/py-overlay?api-version=2025-10-01",
    {
        "location": "southeastasia",
        "properties": {
            "dnsPrefix": "py-overlay",
            "agentPoolProfiles": [{"name": "system", "mode": "System", "vmSize": "Standard_D4ds_v5", "count": 1}],
            "networkProfile": {"networkPlugin": "azure", "networkPluginMode": "overlay", "podCidr": "10.244.0.0/16"},
        },
    },
)
check("overlay cluster created at 2025-10-01", r.status_code == 201, b)
status_url = r.headers["Azure-AsyncOperation"]
for _ in range(500):
    status = requests.get(status_url, headers={"Authorization": f"Bearer {TOKEN}"}, verify=CA).json()
    if status["status"] != "InProgress":
        break
    time.sleep(0.02)
check("its operation Succeeded", status["status"] == "Succeeded", status)
aks.managed_clusters.begin_create_or_update(RG, "py-overlay", aks.managed_clusters.get(RG, "py-overlay")).result()
mc = aks.managed_clusters.get(RG, "py-overlay")
mc.tags = {"team": "python"}
aks.managed_clusters.begin_create_or_update(RG, "py-overlay", mc).result()
r, b = raw("GET", f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ContainerService/managedClusters/py-overlay?api-version=2025-10-01")
check("tag update at 2022-11-01 kept networkPluginMode overlay", b["tags"] == {"team": "python"} and b["properties"]["networkProfile"]["networkPluginMode"] == "overlay", b["properties"]["networkProfile"])

# --- Refusals, through the SDK and raw HTTP ---------------------------------------
try:
    aks.managed_clusters.begin_create_or_update(RG, "-lead", cluster("lead")).result()
    check("cluster name -lead refused", False)
except HttpResponseError as e:
    check("cluster name -lead refused with 400 InvalidParameter", e.status_code == 400 and e.error.code == "InvalidParameter" and e.error.target == "resourceName", e.message)

MC = f"/subscriptions/{SUB}/resourceGroups/{RG}/providers/Microsoft.ContainerService/managedClusters"


def body(**props):
    p = {"dnsPrefix": "x", "agentPoolProfiles": [{"name": "system", "mode": "System", "vmSize": "Standard_D4ds_v5", "count": 1}]}
    p.update(props)
    return {"location": "southeastasia", "properties": p}


for name in ["-lead", "trail-", "a..b", "bad_name!", "n" * 70]:
    r, b = raw("PUT", f"{MC}/{requests.utils.quote(name)}?api-version=2022-11-01", body())
    check(f"name {name[:12]!r} refused", r.status_code == 400 and b["code"] == "InvalidParameter", b)
r, b = raw("PUT", f"{MC}/ok?api-version=2099-01-01", body())
check("api-version 2099-01-01 NoRegisteredProviderFound", r.status_code == 400 and b["error"]["code"] == "NoRegisteredProviderFound" and "2022-11-01" in b["error"]["message"], b)
r, b = raw("GET", f"{MC}/ok?api-version=banana")
check("api-version banana InvalidApiVersionParameter", r.status_code == 400 and b["error"]["code"] == "InvalidApiVersionParameter", b)
r, b = raw("GET", f"/subscriptions/{SUB}/resourcegroups?api-version=2099-01-01")
check("resource groups at 2099-01-01 InvalidApiVersionParameter", r.status_code == 400 and b["error"]["code"] == "InvalidApiVersionParameter", b)
r, b = raw("PUT", f"{MC}/ok?api-version=2022-11-01", body(dnsPrefix="d" * 55))
check("DNS prefix over 54 refused", r.status_code == 400 and b["code"] == "InvalidParameter", b)
for v in ["banana", "1.99.0", "1.12.0"]:
    r, b = raw("PUT", f"{MC}/ok?api-version=2022-11-01", body(kubernetesVersion=v))
    check(f"kubernetesVersion {v} refused", r.status_code == 400 and b["code"] in ("InvalidParameter", "AgentPoolK8sVersionNotSupported"), b)
r, b = raw("PUT", f"{MC}/ok?api-version=2022-11-01", body(networkProfile={"networkPlugin": "azure", "networkPolicy": "bogus"}))
check("networkPolicy bogus refused", r.status_code == 400 and b["code"] == "InvalidParameter", b)
r, b = raw("PUT", f"{MC}/ok?api-version=2022-11-01", body(aadProfile={"enableAzureRBAC": True}))
check("enableAzureRBAC without managed Entra ID refused", r.status_code == 400 and b["code"] == "InvalidParameter", b)
r, b = raw("GET", f"{MC}/py-dev-1?api-version=2022-11-01", token=None)
check("no token: 401 with WWW-Authenticate", r.status_code == 401 and "WWW-Authenticate" in r.headers, r.headers)
r, b = raw("PUT", f"{MC}/ok?api-version=2022-11-01", "{not json", token="test-token")
check("a non-JWT bearer string is 401 before the body is read", r.status_code == 401 and b["error"]["code"] == "InvalidAuthenticationToken", b)
r, b = raw("GET", f"/subscriptions/{uuid.uuid4()}/resourcegroups?api-version=2022-09-01")
check("unknown subscription SubscriptionNotFound", r.status_code == 404 and b["error"]["code"] == "SubscriptionNotFound", b)
r, b = raw("POST", f"{MC}/py-dev-1/stop?api-version=2022-11-01")
check("what is not emulated is 501", r.status_code == 501 and "does not emulate" in b["error"]["message"], b)
check("nothing refused was created", sorted(c.name for c in aks.managed_clusters.list()) == ["py-dev-1", "py-dev-2", "py-overlay"])

# --- Delete -------------------------------------------------------------------
aks.managed_clusters.begin_delete(RG, "py-dev-2").result()
try:
    aks.managed_clusters.get(RG, "py-dev-2")
    check("deleted cluster is gone", False)
except ResourceNotFoundError:
    check("deleted cluster is gone", True)
arm.resource_groups.begin_delete(RG).result()
check("resource group deleted with everything in it", not arm.resource_groups.check_existence(RG) and len(list(aks.managed_clusters.list())) == 0)

print(f"passed {checks} checks", flush=True)
