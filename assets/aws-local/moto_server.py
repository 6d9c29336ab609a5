"""moto's server, with the Glue calls moto 5.2.5 does not answer: the local stand-in for AWS.

`sluice aws-local start` runs it for a classroom (no AWS account, nothing leaves the machine),
and the deploy tests run it too. moto answers UpdateJob, UpdateCrawler and UpdateTrigger with an
HTTP 500 and has no Glue Data Quality rulesets; a deploy needs both, so this script adds
handlers for them to moto's Glue responses (changing moto's own stored objects, so every other
call sees the change) and then starts moto's server with the arguments it is given:

    python moto_server.py -H 127.0.0.1 -p PORT
"""

import sys
from datetime import datetime, timezone

from moto.core.responses import ActionResult, EmptyResult
from moto.glue.exceptions import EntityNotFoundException
from moto.glue.responses import GlueResponse
from moto.glue.utils import Action, Predicate
from moto.server import main

JOB_FIELDS = {
    "Description": "description",
    "LogUri": "log_uri",
    "Role": "role",
    "ExecutionProperty": "execution_property",
    "Command": "command",
    "DefaultArguments": "default_arguments",
    "NonOverridableArguments": "non_overridable_arguments",
    "Connections": "connections",
    "MaxRetries": "max_retries",
    "Timeout": "timeout",
    "MaxCapacity": "max_capacity",
    "SecurityConfiguration": "security_configuration",
    "NotificationProperty": "notification_property",
    "GlueVersion": "glue_version",
    "NumberOfWorkers": "number_of_workers",
    "WorkerType": "worker_type",
    "CodeGenConfigurationNodes": "code_gen_configuration_nodes",
    "ExecutionClass": "execution_class",
}

CRAWLER_FIELDS = {
    "Role": "role",
    "DatabaseName": "database_name",
    "Description": "description",
    "Targets": "targets",
    "Schedule": "schedule",
    "Classifiers": "classifiers",
    "TablePrefix": "table_prefix",
    "SchemaChangePolicy": "schema_change_policy",
    "RecrawlPolicy": "recrawl_policy",
    "LineageConfiguration": "lineage_configuration",
    "Configuration": "configuration",
    "CrawlerSecurityConfiguration": "crawler_security_configuration",
}


def now():
    return datetime.now(timezone.utc)


def update_job(self):
    name = self.parameters["JobName"]
    job = self.glue_backend.get_job(name)
    for field, attribute in JOB_FIELDS.items():
        if field in self.parameters["JobUpdate"]:
            setattr(job, attribute, self.parameters["JobUpdate"][field])
    job.last_modified_on = now()
    return ActionResult({"JobName": name})


def update_crawler(self):
    name = self.parameters["Name"]
    crawler = self.glue_backend.get_crawler(name)
    for field, attribute in CRAWLER_FIELDS.items():
        if field in self.parameters:
            setattr(crawler, attribute, self.parameters[field])
    crawler.version += 1
    crawler.last_updated = now()
    return EmptyResult()


def update_trigger(self):
    name = self.parameters["Name"]
    trigger = self.glue_backend.get_trigger(name)
    update = self.parameters["TriggerUpdate"]
    if "Schedule" in update:
        trigger.schedule = update["Schedule"]
    if "Actions" in update:
        trigger.actions = [Action(action) for action in update["Actions"]]
    if "Predicate" in update:
        trigger.predicate = Predicate(update["Predicate"])
    if "Description" in update:
        trigger.description = update["Description"]
    return ActionResult({"Trigger": trigger.as_dict()})


def rulesets(self):
    """The rulesets of this account and region, by name: kept on moto's Glue backend, so that
    moto's reset forgets them with everything else."""
    return self.glue_backend.__dict__.setdefault("data_quality_rulesets", {})


def ruleset_arn(self, name):
    return "arn:aws:glue:%s:%s:dataQualityRuleset/%s" % (self.region, self.current_account, name)


def ruleset_view(ruleset):
    view = dict(ruleset)
    view["CreatedOn"] = ruleset["CreatedOn"].timestamp()
    view["LastModifiedOn"] = ruleset["LastModifiedOn"].timestamp()
    return view


def create_data_quality_ruleset(self):
    name = self.parameters["Name"]
    if name in rulesets(self):
        from moto.glue.exceptions import AlreadyExistsException

        raise AlreadyExistsException("DataQualityRuleset")
    stamp = now()
    ruleset = {
        "Name": name,
        "Description": self.parameters.get("Description", ""),
        "Ruleset": self.parameters["Ruleset"],
        "CreatedOn": stamp,
        "LastModifiedOn": stamp,
    }
    if "TargetTable" in self.parameters:
        ruleset["TargetTable"] = self.parameters["TargetTable"]
    rulesets(self)[name] = ruleset
    self.glue_backend.tag_resource(ruleset_arn(self, name), self.parameters.get("Tags") or {})
    return ActionResult({"Name": name})


def found_ruleset(self):
    name = self.parameters["Name"]
    if name not in rulesets(self):
        raise EntityNotFoundException("Data quality ruleset %s not found" % name)
    return rulesets(self)[name]


def get_data_quality_ruleset(self):
    return ActionResult(ruleset_view(found_ruleset(self)))


def update_data_quality_ruleset(self):
    ruleset = found_ruleset(self)
    for field in ("Description", "Ruleset"):
        if field in self.parameters:
            ruleset[field] = self.parameters[field]
    ruleset["LastModifiedOn"] = now()
    return ActionResult(
        {"Name": ruleset["Name"], "Description": ruleset["Description"], "Ruleset": ruleset["Ruleset"]}
    )


def delete_data_quality_ruleset(self):
    found_ruleset(self)
    del rulesets(self)[self.parameters["Name"]]
    return EmptyResult()


def list_data_quality_rulesets(self):
    listed = []
    for ruleset in rulesets(self).values():
        view = ruleset_view(ruleset)
        view.pop("Ruleset")
        listed.append(view)
    return ActionResult({"Rulesets": listed})


for handler in (
    update_job,
    update_crawler,
    update_trigger,
    create_data_quality_ruleset,
    get_data_quality_ruleset,
    update_data_quality_ruleset,
    delete_data_quality_ruleset,
    list_data_quality_rulesets,
):
    setattr(GlueResponse, handler.__name__, handler)

if __name__ == "__main__":
    main(sys.argv[1:])
