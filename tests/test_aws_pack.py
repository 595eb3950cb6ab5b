"""The bundled AWS pack: valid, complete, current, and every topic of the notes findable."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.search import SearchIndex
from index.store import ensure_index
from knowledge.base import KnowledgeBase
from knowledge.loader import load_pack_dir
from knowledge.model import Entry
from knowledge.sources import BUNDLED_DIR, PackDir

AWS = BUNDLED_DIR / "aws-sysops"

# (query a student would type, ids any of which answers it) — the topic list of the notes.
TOPICS: list[tuple[str, set[str]]] = [
    ("cloud computing", {"cloud-computing"}),
    ("nist essential characteristics", {"nist-cloud-characteristics"}),
    ("history of cloud computing", {"cloud-computing-history"}),
    ("cloud benefits", {"cloud-benefits"}),
    ("public cloud", {"public-cloud"}),
    ("private cloud", {"private-cloud"}),
    ("hybrid cloud", {"hybrid-cloud"}),
    ("community cloud", {"community-cloud"}),
    ("iaas", {"iaas"}),
    ("paas", {"paas"}),
    ("saas", {"saas"}),
    ("what is aws", {"what-is-aws"}),
    ("regions", {"aws-regions"}),
    ("availability zones", {"availability-zones"}),
    ("edge locations", {"edge-locations"}),
    ("regional edge cache", {"regional-edge-caches"}),
    ("host based metrics", {"host-based-metrics"}),
    ("metrics and monitoring", {"cloudwatch-metrics", "host-based-metrics", "cloudwatch"}),
    ("ec2 instance families", {"ec2-instance-families"}),
    ("gp2", {"ebs-gp2"}),
    ("gp3", {"ebs-gp3"}),
    ("io1", {"ebs-io1"}),
    ("io2", {"ebs-io2"}),
    ("st1", {"ebs-st1"}),
    ("sc1", {"ebs-sc1"}),
    ("magnetic volume", {"ebs-magnetic"}),
    ("ssd vs hdd", {"ssd-vs-hdd-volumes"}),
    ("auto scaling", {"auto-scaling"}),
    ("rds", {"rds"}),
    ("aurora", {"aurora"}),
    ("multi-az", {"rds-multi-az", "rds-multi-az-cluster"}),
    ("read replicas", {"rds-read-replicas", "aurora-replicas"}),
    ("application load balancer", {"alb"}),
    ("network load balancer", {"nlb"}),
    ("gateway load balancer", {"gwlb"}),
    ("classic load balancer", {"clb"}),
    ("vpc reserved addresses", {"vpc-reserved-addresses"}),
    ("route table", {"route-tables"}),
    ("internet gateway", {"internet-gateway"}),
    ("vpc wizard", {"vpc-wizard"}),
    ("nat gateway", {"nat-gateway"}),
    ("nat instance", {"nat-instance"}),
    ("vpc peering", {"vpc-peering"}),
    ("vpc endpoints", {"vpc-endpoints"}),
    ("interface endpoint", {"interface-endpoint"}),
    ("gateway endpoint", {"gateway-endpoint"}),
    ("gwlb endpoint", {"gwlb-endpoint"}),
    ("vpc flow logs", {"vpc-flow-logs"}),
    ("route 53", {"route53"}),
    ("simple routing", {"routing-simple"}),
    ("alias record", {"alias-record"}),
    ("non-alias record", {"non-alias-record"}),
    ("weighted routing", {"routing-weighted"}),
    ("geolocation routing", {"routing-geolocation"}),
    ("latency routing", {"routing-latency"}),
    ("failover routing", {"routing-failover"}),
    ("health checks", {"route53-health-checks", "elb-health-checks"}),
    ("multivalue answer", {"routing-multivalue"}),
    ("geoproximity bias", {"routing-geoproximity"}),
    ("ip-based routing", {"routing-ip-based"}),
    ("cloudwatch", {"cloudwatch"}),
    ("custom metrics", {"cloudwatch-custom-metrics"}),
    ("cloudwatch agent", {"cloudwatch-agent"}),
    ("monitoring scripts", {"cloudwatch-monitoring-scripts"}),
    ("ebs monitoring", {"ebs-monitoring"}),
    ("elb monitoring", {"elb-monitoring"}),
    ("trusted advisor", {"trusted-advisor"}),
    ("resource groups", {"resource-groups"}),
    ("tags", {"tags"}),
    ("cloudtrail", {"cloudtrail"}),
    ("s3 server access logs", {"s3-server-access-logs"}),
    ("cloudformation", {"cloudformation"}),
    ("stacks", {"cloudformation-stacks"}),
    ("elastic beanstalk", {"elastic-beanstalk"}),
    ("lambda", {"lambda"}),
    ("lambda limits", {"lambda-limits"}),
    ("opsworks", {"opsworks"}),
    ("sqs", {"sqs"}),
    ("visibility timeout", {"sqs-visibility-timeout"}),
    ("long polling", {"sqs-polling", "sqs-long-polling"}),
    ("dead letter queue", {"sqs-dead-letter-queue"}),
    ("standard vs fifo", {"standard-vs-fifo-queues"}),
    ("sns", {"sns"}),
    ("swf", {"swf"}),
    # The notes' tables and "vs" pairs.
    ("alb vs nlb", {"alb-vs-nlb"}),
    ("nat gateway vs nat instance", {"nat-gateway-vs-nat-instance"}),
    ("cloudwatch vs cloudtrail", {"cloudwatch-vs-cloudtrail"}),
    ("rds vs aurora", {"rds-vs-aurora"}),
    ("sqs vs sns vs swf", {"sqs-vs-sns-vs-swf"}),
    ("routing policies", {"route53-routing-policies"}),
    ("iaas vs paas vs saas", {"iaas-vs-paas-vs-saas"}),
    ("cloud deployment models", {"cloud-deployment-models"}),
    ("interface vs gateway endpoints", {"interface-vs-gateway-endpoints"}),
    ("alias vs non-alias", {"alias-vs-non-alias-records"}),
    # Beyond the notes.
    ("security groups vs nacls", {"security-groups-vs-nacls"}),
    ("s3 storage classes", {"s3-storage-classes", "s3-storage-classes-compared"}),
    ("ebs vs efs vs instance store", {"ebs-vs-efs-vs-instance-store"}),
    ("aws config", {"aws-config"}),
    ("systems manager", {"systems-manager"}),
    ("kms", {"kms"}),
    ("iam", {"iam"}),
    ("organizations", {"organizations"}),
    ("eventbridge", {"eventbridge"}),
    ("cloudwatch logs", {"cloudwatch-logs"}),
    ("cloudwatch alarms", {"cloudwatch-alarms"}),
    ("aws backup", {"aws-backup"}),
    ("cloudfront", {"cloudfront"}),
    ("cost explorer", {"cost-explorer"}),
    # SOA-C03 exam-guide topics (92-*.yaml).
    ("managed prometheus", {"amazon-managed-prometheus"}),
    ("promql", {"amazon-managed-prometheus"}),
    ("managed grafana", {"amazon-managed-grafana"}),
    ("container insights", {"container-insights"}),
    ("cloudwatch agent eks", {"container-insights"}),
    ("anomaly detection alarm", {"cloudwatch-anomaly-detection"}),
    ("synthetics canary", {"cloudwatch-synthetics"}),
    ("application signals", {"application-signals"}),
    ("slo", {"application-signals"}),
    ("lambda insights", {"lambda-insights"}),
    ("input transformer", {"eventbridge-input-transformer"}),
    ("eventbridge dlq", {"eventbridge-target-retries-dlq"}),
    ("eventbridge retry policy", {"eventbridge-target-retries-dlq"}),
    ("archive and replay", {"eventbridge-archive-replay"}),
    ("eventbridge pipes", {"eventbridge-pipes"}),
    ("user notifications", {"aws-user-notifications"}),
    ("s3 request rate prefix", {"s3-request-performance"}),
    ("byte-range fetch", {"s3-request-performance"}),
    ("datasync", {"datasync"}),
    ("efa", {"efa"}),
    ("elastic fabric adapter", {"efa"}),
    ("data transfer cost", {"data-transfer-costs"}),
    ("cross-az data transfer", {"data-transfer-costs"}),
    ("route 53 query logging", {"route53-query-logging"}),
    ("resolver query logs", {"route53-query-logging"}),
    ("origin shield", {"cloudfront-origin-shield"}),
    ("transfer family", {"transfer-family"}),
    ("sftp", {"transfer-family"}),
    ("verified access", {"verified-access"}),
    # SOA-C03 topics and comparisons added for issue 12.
    ("fsx for windows", {"fsx-windows"}),
    ("fsx for lustre", {"fsx-lustre"}),
    ("fsx ontap", {"fsx-ontap"}),
    ("fsx openzfs", {"fsx-openzfs"}),
    ("efs vs fsx", {"efs-vs-fsx-vs-s3"}),
    ("sns vs sqs vs eventbridge", {"sns-vs-sqs-vs-eventbridge"}),
    ("elasticache vs dax", {"elasticache-vs-dax-vs-cloudfront-caching"}),
    ("cluster placement group", {"cluster-placement-group"}),
    ("spread placement group", {"spread-placement-group"}),
    ("partition placement group", {"partition-placement-group"}),
    ("cluster vs spread vs partition", {"placement-group-strategies"}),
    ("network firewall", {"network-firewall"}),
    ("dns firewall", {"dns-firewall"}),
    ("waf vs network firewall", {"firewalls-compared"}),
    ("reachability analyzer", {"reachability-analyzer"}),
    ("network access analyzer", {"network-access-analyzer"}),
    ("internet monitor", {"internet-monitor"}),
    ("network synthetic monitor", {"network-synthetic-monitor"}),
    ("network flow monitor", {"network-flow-monitor"}),
    ("network troubleshooting tools", {"network-diagnostics-compared"}),
    ("aws backup vs dlm", {"backup-vs-dlm-vs-snapshots"}),
    ("export logs to s3", {"cloudwatch-logs-export"}),
    ("metric filter vs subscription filter", {"log-processing-compared"}),
    ("cloudhsm", {"cloudhsm"}),
    ("kms vs cloudhsm", {"kms-vs-cloudhsm"}),
    ("resource control policies", {"resource-control-policies"}),
    ("tag policies", {"tag-policies"}),
    ("scp vs rcp", {"scp-vs-rcp-vs-tag-policies"}),
    ("site-to-site vpn vs client vpn", {"site-to-site-vpn-vs-client-vpn"}),
    ("peering vs transit gateway vs privatelink", {"peering-vs-transit-gateway-vs-privatelink"}),
    ("dynamodb on-demand", {"dynamodb-on-demand"}),
    ("dynamodb provisioned capacity", {"dynamodb-provisioned"}),
    ("on-demand vs provisioned", {"dynamodb-on-demand-vs-provisioned"}),
    ("ec2 status checks", {"ec2-status-checks"}),
    ("ec2 vs elb health check", {"asg-ec2-vs-elb-health-checks"}),
    ("rightsizing recommendations", {"cost-explorer-rightsizing"}),
    ("compute optimizer vs trusted advisor", {"rightsizing-tools-compared"}),
    ("object lock", {"s3-object-lock"}),
    ("mfa delete", {"s3-mfa-delete"}),
    ("versioning vs object lock", {"s3-versioning-vs-object-lock-vs-mfa-delete"}),
    ("codepipeline", {"codepipeline"}),
    ("buildspec", {"codebuild"}),
    ("codedeploy", {"codedeploy"}),
    ("appspec", {"codedeploy"}),
    ("git sync", {"git-iac-workflows"}),
    ("s3 event notifications", {"s3-event-notifications"}),
    ("auto remediation", {"event-driven-remediation", "config-rules"}),
    ("elb security policy", {"elb-tls-security-policies"}),
    ("private ca", {"acm-private-ca"}),
    ("detective", {"amazon-detective"}),
    ("abac", {"abac"}),
    ("audit manager", {"audit-manager"}),
    ("elastic disaster recovery", {"elastic-disaster-recovery"}),
    ("drs", {"elastic-disaster-recovery"}),
    ("subnet out of ip addresses", {"subnet-ip-exhaustion"}),
    # Acronyms and typos a student types.
    ("s3", {"s3"}),
    ("ec2", {"ec2"}),
    ("ebs", {"ebs"}),
    ("cw", {"cloudwatch"}),
    ("ta", {"trusted-advisor"}),
    ("asg", {"auto-scaling"}),
    ("dlq", {"sqs-dead-letter-queue"}),
    ("sg vs nacl", {"security-groups-vs-nacls"}),
    ("cloudtrial", {"cloudtrail"}),
    ("trusted advisr", {"trusted-advisor"}),
]


# Skills per task statement of the SOA-C03 guide (53 in all), to check the pack's list against.
SKILLS_PER_TASK = {
    "1.1": 5, "1.2": 3, "1.3": 6, "2.1": 3, "2.2": 2, "2.3": 4, "3.1": 6,
    "3.2": 2, "4.1": 5, "4.2": 5, "5.1": 4, "5.2": 3, "5.3": 5,
}  # fmt: skip
SOA_C03_SKILLS = {f"{t}.{n}" for t, count in SKILLS_PER_TASK.items() for n in range(1, count + 1)}


@pytest.fixture(scope="module")
def aws_index(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    built = ensure_index([PackDir(AWS, "bundled")], root=tmp_path_factory.mktemp("aws-cache"))
    assert built.meta["skipped"] == []
    return SearchIndex(built)


@pytest.fixture(scope="module")
def aws_pack() -> KnowledgeBase:
    load = load_pack_dir(AWS, "bundled")
    assert [str(p) for p in load.problems] == []
    assert [str(w) for w in load.warnings] == []  # no comparison row left blank by accident
    base = KnowledgeBase()
    base.add(load)
    return base


@pytest.mark.parametrize(("query", "answers"), TOPICS, ids=[q for q, _ in TOPICS])
def test_every_topic_is_in_the_top_three(
    aws_index: SearchIndex, query: str, answers: set[str]
) -> None:
    top = [hit.id for hit in aws_index.search(query, limit=3).hits]
    assert answers & set(top), f"{query!r} -> {top}"


def test_an_exact_name_comes_first(aws_index: SearchIndex) -> None:
    for query, expected in [
        ("s3", "s3"),
        ("ec2", "ec2"),
        ("iam", "iam"),
        ("lambda", "lambda"),
        ("vpc", "vpc"),
    ]:
        assert aws_index.search(query).hits[0].id == expected, query


def test_pack_size_and_quality(aws_pack: KnowledgeBase) -> None:
    assert len(aws_pack.entries) >= 150
    assert len(aws_pack.comparisons) >= 30
    for entry in aws_pack.entries:
        assert len(entry.facts) >= 3, entry.id
        assert entry.sources, entry.id
        assert set(entry.syllabus) == {"soa-c02", "soa-c03"}, entry.id
    assert sum(len(i.corrections) for i in aws_pack.items.values()) >= 40


@pytest.mark.parametrize(
    ("entry_id", "said", "now"),
    [
        ("ebs-gp2", "10,000", "16,000"),
        ("lambda", "3", "10,240"),
        ("vpc-reserved-addresses", ".4", ".3"),
        ("trusted-advisor", "five", "six"),
        ("opsworks", "", "end of life"),
        ("cloudtrail", "15", "5"),
    ],
)
def test_errata_are_carried_as_corrections(
    aws_pack: KnowledgeBase, entry_id: str, said: str, now: str
) -> None:
    entry = aws_pack.get(entry_id)
    assert isinstance(entry, Entry)
    assert entry.corrections, entry_id
    text = " ".join(f"{c.said} || {c.now}" for c in entry.corrections).lower()
    assert said.lower() in text and now.lower() in text, text


@pytest.mark.parametrize(
    ("entry_id", "fact", "must_say"),
    [
        ("cloudfront", "static-ip", "anycast static ip"),
        ("alias-record", "record-types", "any type but ns and soa"),
        ("cost-explorer", "forecast", "12 months"),
        ("eventbridge", "rules-per-bus", "300"),
        ("elastic-beanstalk", "abstraction", "platform"),
        ("gwlb-endpoint", "security-group", "no"),
    ],
)
def test_issue_12_figures_are_current(
    aws_pack: KnowledgeBase, entry_id: str, fact: str, must_say: str
) -> None:
    entry = aws_pack.get(entry_id)
    assert isinstance(entry, Entry) and entry.fact(fact) is not None, (entry_id, fact)
    assert must_say in entry.fact(fact).value.lower()  # type: ignore[union-attr]


def test_every_comparison_row_is_a_difference(aws_pack: KnowledgeBase) -> None:
    same = [
        f"{c.id}: {row.aspect}"
        for c in aws_pack.comparisons
        for row in aws_pack.table([c.id]).rows
        if row.same
    ]
    assert same == []  # a row equal for every subject belongs in the body, not the table


def test_unverified_exam_figures_are_not_stated(aws_pack: KnowledgeBase) -> None:
    exam = aws_pack.get("soa-c03-exam")
    assert isinstance(exam, Entry)
    assert exam.fact("questions") is None and exam.fact("passing-score") is None


def test_no_source_is_a_china_mirror(aws_pack: KnowledgeBase) -> None:
    for item in aws_pack.items.values():
        urls = [*item.sources, *(c.source for c in item.corrections)]
        assert not [u for u in urls if "amazonaws.cn" in u], item.id


def test_lambda_has_its_own_policy_and_handler(aws_pack: KnowledgeBase) -> None:
    entry = aws_pack.get("lambda")
    assert isinstance(entry, Entry)
    languages = {block.language for block in entry.code}
    assert "json" in languages and "python" in languages
    assert any("s3:GetObject" in block.text for block in entry.code)


def test_every_syllabus_domain_has_entries(aws_pack: KnowledgeBase) -> None:
    pack = aws_pack.packs[0]
    for syllabus in pack.syllabi:
        used = {i.syllabus.get(syllabus.id) for i in aws_pack.items.values()}
        assert {d.id for d in syllabus.domains} <= used, syllabus.id


def test_bundled_pack_is_read_from_the_installed_package() -> None:
    assert Path(AWS / "pack.yaml").is_file()


def test_every_soa_c03_item_names_its_skill(aws_pack: KnowledgeBase) -> None:
    guide = next(s for s in aws_pack.packs[0].syllabi if s.id == "soa-c03")
    assert {k.id for k in guide.skills} == SOA_C03_SKILLS and len(SOA_C03_SKILLS) == 53
    in_guide = [i for i in aws_pack.items.values() if i.syllabus.get("soa-c03")]
    assert len(in_guide) >= 350
    order = ["monitoring", "reliability", "deployment", "security", "networking"]
    for item in in_guide:
        skills = item.skills.get("soa-c03", [])
        assert skills, item.id
        assert set(skills) <= SOA_C03_SKILLS, (item.id, skills)
        # The first skill belongs to the item's own SOA-C03 domain (guide numbering 1-5).
        assert order[int(skills[0].split(".")[0]) - 1] == item.syllabus["soa-c03"], item.id
    outside = [i.id for i in aws_pack.items.values() if not i.syllabus.get("soa-c03") and i.skills]
    assert outside == []


def test_a_task_filter_finds_its_entries(aws_index: SearchIndex) -> None:
    found = {hit.id for hit in aws_index.search("soa-c03:1.3.3", limit=50).hits}
    assert {"s3-request-performance", "datasync"} <= found
    assert "route53-query-logging" not in found
    task = {hit.id for hit in aws_index.search("soa-c03:5.2", limit=50).hits}
    assert {"route53-query-logging", "cloudfront-origin-shield"} <= task
