#!/usr/bin/env bash
# Adds the bankstream pipeline as one step to an existing Amazon EMR 7.x cluster.
#
#   deploy/emr/submit-emr.sh --kind spark|flink --jar s3://BUCKET/PATH.jar \
#       [--cluster-id j-XXXX] [--release emr-7.x.y] [--region REGION] [--dry-run] [-- PIPELINE ARGS]
#
#   --kind        spark: spark-submit --deploy-mode cluster on YARN (Spark 3.5, every EMR 7.x);
#                 flink: flink run on YARN (Flink 1.19: emr-7.4.0 and emr-7.5.0 only).
#   --jar         the bundled jar of that kind, already in S3 (this script does not upload it).
#   --cluster-id  the cluster (or EMR_CLUSTER_ID).
#   --release     the cluster's release label, checked against --kind; without it a real run
#                 asks `aws emr describe-cluster`, a dry run checks nothing.
#   --region      passed to the aws CLI (else its own configuration decides).
#   --dry-run     prints the step definition and the exact `aws emr add-steps` command, writes
#                 the steps file (kept, so the command can be run as printed), calls nothing.
#   --            what follows goes to the pipeline as is (Beam options, --name=value).
#
# Pipeline settings come from the environment, as for deploy/flink-run.sh:
# BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS, BANKSTREAM_JDBC_URL, BANKSTREAM_REDIS_HOST (required), and
# BANKSTREAM_TOPIC, BANKSTREAM_CONSUMER_GROUP (default bankstream-spark or bankstream-flink),
# BANKSTREAM_KAFKA_CONFIG, BANKSTREAM_DB_USER, BANKSTREAM_DB_PASSWORD_FILE, BANKSTREAM_REDIS_PORT,
# BANKSTREAM_REDIS_SSL, BANKSTREAM_REDIS_PASSWORD_FILE, BANKSTREAM_RULES_FILE,
# BANKSTREAM_WINDOW_SECONDS; for flink BANKSTREAM_PARALLELISM and BANKSTREAM_CHECKPOINT_MS
# (default 10000); for spark BANKSTREAM_SPARK_CHECKPOINT_DIR. File paths name files on the
# cluster's nodes.
#
# Passwords never go into a step: step arguments are stored with the cluster and shown by
# `aws emr describe-step` and the console. Provision password files on every node (for example
# with a bootstrap action reading AWS Secrets Manager) and name them with
# BANKSTREAM_DB_PASSWORD_FILE and BANKSTREAM_REDIS_PASSWORD_FILE. An argument that looks like a
# password is refused. See deploy/emr/README.md.
set -euo pipefail

# shellcheck source=../submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../submit-common.sh"

# Where the flink step copies the jar on the primary node: `flink run` takes a local jar (S3 paths
# only from EMR 7.5.0 on, see the release notes below).
FLINK_LOCAL_DIR=/home/hadoop/bankstream

# The Flink version each EMR 7.x release ships, from the Amazon EMR Release Guide: "Application
# versions in Amazon EMR 7.x releases"
# (https://docs.aws.amazon.com/emr/latest/ReleaseGuide/emr-release-app-versions-7.x.html):
# emr-7.0.0 1.18.0-amzn-0; emr-7.1.0 1.18.1-amzn-0; emr-7.2.0 1.18.1-amzn-1; emr-7.3.0
# 1.18.1-amzn-2; emr-7.4.0 1.19.1-amzn-0 ("Flink version is upgraded to 1.19.1",
# https://docs.aws.amazon.com/emr/latest/ReleaseGuide/Flink-release-history-740.html); emr-7.5.0
# 1.19.1-amzn-1; emr-7.6.0 1.20.0-amzn-0; emr-7.7.0 and later 1.20.0-amzn-N. The bundled jar's
# FlinkRunner (beam-runners-flink-1.19) needs the cluster's Flink to be 1.19: Flink's own classes
# come from the cluster (its lib/ first, see yarn.classpath.include-user-jar below), so only
# emr-7.4.x and emr-7.5.x are accepted for flink.
FLINK_RELEASES="emr-7.4.0 (Flink 1.19.1-amzn-0) and emr-7.5.0 (Flink 1.19.1-amzn-1)"
flink_of_release() {
  local minor=${1#emr-7.}
  minor=${minor%%.*}
  case "$minor" in
    0) echo 1.18.0 ;;
    1 | 2 | 3) echo 1.18.1 ;;
    4 | 5) echo 1.19.1 ;;
    6 | 7 | 8 | 9 | 10 | 11 | 12 | 13) echo 1.20.0 ;;
    *) echo "a version this script does not know (not 1.19 as far as the release guide said)" ;;
  esac
}

check_release() {
  local release=$1
  [[ $release =~ ^emr-[0-9]+\.[0-9]+\.[0-9]+$ ]] \
    || fail "--release must look like emr-7.4.0, was '$release'"
  [[ $release == emr-7.* ]] \
    || fail "$release is not an EMR 7.x release: the bundled jars need Java 17 and Spark 3.5 or Flink 1.19 (EMR 7.x)"
  if [[ $kind == flink && ! $release =~ ^emr-7\.(4|5)\.[0-9]+$ ]]; then
    fail "--kind flink needs an EMR release that ships Flink 1.19, which the jar's FlinkRunner is built for: $FLINK_RELEASES; $release ships Flink $(flink_of_release "$release"). Use --kind spark, or a cluster of one of those releases"
  fi
}

# A JSON string literal for $1: backslash, quote and control characters escaped.
json_string() {
  local s=$1 code hex ch escaped
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  if [[ $s == *[$'\x01'-$'\x1f']* ]]; then
    for code in {1..31}; do
      printf -v hex '%02x' "$code"
      printf -v ch '%b' "\\x$hex"
      printf -v escaped '\\u%04x' "$code"
      s=${s//"$ch"/$escaped}
    done
  fi
  printf '"%s"' "$s"
}

# The steps file: a JSON list with one CUSTOM_JAR step; $1 the name, the rest its Args.
steps_json() {
  local name=$1 i
  shift
  printf '[\n  {\n'
  printf '    "Type": "CUSTOM_JAR",\n'
  printf '    "Name": %s,\n' "$(json_string "$name")"
  printf '    "ActionOnFailure": "CONTINUE",\n'
  printf '    "Jar": "command-runner.jar",\n'
  printf '    "Args": [\n'
  for ((i = 1; i <= $#; i++)); do
    printf '      %s%s\n' "$(json_string "${!i}")" "$( ((i < $#)) && echo ,)"
  done
  printf '    ]\n  }\n]\n'
}

kind=""
jar=""
cluster_id="${EMR_CLUSTER_ID:-}"
release=""
region=""

# Takes option $1 as "--name value" or "--name=value"; refuses any other (a parse_args handler).
emr_option() {
  local name value
  case "$1" in
    --kind | --jar | --cluster-id | --release | --region)
      (($# >= 2)) || fail "$1 needs a value"
      name=$1 value=$2 took=2
      ;;
    --kind=* | --jar=* | --cluster-id=* | --release=* | --region=*)
      name=${1%%=*} value=${1#*=} took=1
      ;;
    *) fail "unknown option $1 (pipeline arguments go after --; see --help)" ;;
  esac
  case "$name" in
    --kind) kind=$value ;;
    --jar) jar=$value ;;
    --cluster-id) cluster_id=$value ;;
    --release) release=$value ;;
    --region) region=$value ;;
  esac
}
parse_args emr_option "$@"

[[ -n $kind ]] || fail "--kind is required: spark or flink"
[[ $kind == spark || $kind == flink ]] || fail "--kind must be spark or flink, was '$kind'"
[[ -n $cluster_id ]] || fail "--cluster-id (or EMR_CLUSTER_ID) is required: the id of a running EMR 7.x cluster, j-..."
[[ $cluster_id =~ ^j-[A-Z0-9]+$ ]] || fail "--cluster-id must look like j-1K48XXXXXXHCB, was '$cluster_id'"
[[ -n $jar ]] || fail "--jar is required: the s3:// URI of bankstream-pipeline-$kind.jar, uploaded beforehand (this script does not upload it; see deploy/emr/README.md)"
[[ $jar =~ ^s3://[a-z0-9][a-z0-9.-]*/.+\.jar$ ]] || fail "--jar must be an s3://bucket/path.jar URI, was '$jar'"
other=spark
[[ $kind == spark ]] && other=flink
[[ ${jar##*/} != *"$other"* ]] || fail "--jar ${jar##*/} looks like the $other bundle, but --kind is $kind"
[[ -z $release ]] || check_release "$release"

require_settings "the Kafka bootstrap servers (host:port,...) the cluster reads from" \
  "the PostgreSQL JDBC URL as seen from the cluster (jdbc:postgresql://host:5432/bank)" \
  "the Redis host as seen from the cluster"

if [[ $kind == spark ]]; then
  spark_runner_options yarn "the runner"
  # In YARN cluster mode the driver runs in the ApplicationMaster's container, whose working
  # directory (with the jar in it) is on the class path: without this option Beam's SparkRunner
  # zips every directory of that class path before it creates the SparkContext, and the
  # ApplicationMaster gives up waiting for it. __app__.jar is the name YARN gives the application
  # jar there (found on a real YARN: tests EmrStepsOnYarnIT).
  option filesToStage __app__.jar "the runner"
else
  flink_runner_options
  # The pipeline's main() returns once the job runs on YARN, so the step ends (COMPLETED) and the
  # job keeps running as a YARN application; without it main() follows the job and the step
  # would stay RUNNING as long as the job, holding up every later step.
  option detach true "the runner"
fi
settings_options "$kind"
# Refuses anything that looks like a password in the step (without printing it).
advice="passwords never go into an EMR step (its arguments are shown by describe-step): use BANKSTREAM_DB_PASSWORD_FILE/BANKSTREAM_REDIS_PASSWORD_FILE, files on the cluster's nodes"
check_no_password "pipeline argument" "$advice" "$advice"

for secret in BANKSTREAM_DB_PASSWORD BANKSTREAM_REDIS_PASSWORD; do
  if [[ -n ${!secret:-} ]]; then
    echo "note: $secret is set here but is not sent to the cluster; the pipeline there reads" \
      "the password files named by BANKSTREAM_DB_PASSWORD_FILE/BANKSTREAM_REDIS_PASSWORD_FILE" >&2
  fi
done

if [[ $kind == spark ]]; then
  # spark-submit reads the jar from S3 itself (EMRFS). spark.yarn.submit.waitAppCompletion stays
  # true: the step runs as long as the streaming job does. spark.yarn.am.waitTime: the driver's
  # SparkContext comes after the pipeline's own start (up to 60 s for PostgreSQL, the Kafka and
  # Redis checks, the committed offsets), which Spark's default 100 s leaves little room for.
  step_name=bankstream-pipeline-spark
  args=(spark-submit --deploy-mode cluster --master yarn --class "$MAIN_CLASS"
    --conf "spark.driver.extraJavaOptions=$ADD_OPENS"
    --conf "spark.executor.extraJavaOptions=$ADD_OPENS"
    --conf spark.yarn.am.waitTime=300s
    "$jar" "${pipeline[@]}" "${extra[@]+"${extra[@]}"}")
else
  # flink run takes a local jar (an s3:// one only from EMR 7.5.0 on), so the step's bash copies
  # the jar to the primary node first and then runs flink: one step, which fails if the copy
  # does. The jar paths and flink's arguments are bash's positional parameters, never parsed by a
  # shell. -m yarn-cluster is EMR's documented form (Flink's per-job mode on YARN, what
  # `-t yarn-per-job` names). With --detach=true (above) the step ends once the job is running on
  # YARN; stop the job with `yarn application -kill <application id>` on the primary node.
  # yarn.classpath.include-user-jar=LAST: in per-job mode the jar is on the JobManager's and the
  # TaskManagers' system class path, by default (ORDER) ahead of the cluster's lib/ because of its
  # name, so the Flink runtime bundled in the jar (1.19.0, through Beam's runner) would run the
  # cluster's entry points instead of the cluster's own Flink. LAST keeps the cluster's Flink first.
  step_name=bankstream-pipeline-flink
  local_jar="$FLINK_LOCAL_DIR/${jar##*/}"
  copy_then_run='set -euo pipefail; mkdir -p "$(dirname "$2")"; aws s3 cp --only-show-errors "$1" "$2"; shift 2; exec "$@"'
  args=(bash -c "$copy_then_run" bankstream-flink-step "$jar" "$local_jar"
    flink run -m yarn-cluster -d -yD yarn.classpath.include-user-jar=LAST -c "$MAIN_CLASS" "$local_jar"
    "${pipeline[@]}" "${extra[@]+"${extra[@]}"}")
fi

region_args=()
[[ -z $region ]] || region_args=(--region "$region")

if [[ $dry_run == true && -z $release ]]; then
  if [[ $kind == flink ]]; then needed=$FLINK_RELEASES; else needed="any emr-7.x"; fi
  echo "note: no --release, so the cluster's release is not checked ($kind needs $needed)" >&2
fi

if [[ $dry_run == false ]]; then
  command -v aws >/dev/null 2>&1 \
    || fail "aws (the AWS CLI) not found on the PATH; --dry-run prints the command to run elsewhere"
  if [[ -z $release ]]; then
    describe=(aws emr describe-cluster --cluster-id "$cluster_id" "${region_args[@]+"${region_args[@]}"}"
      --query Cluster.ReleaseLabel --output text)
    print_command "${describe[@]}"
    release=$("${describe[@]}")
    check_release "$release"
  fi
fi

steps_file=$(mktemp "${TMPDIR:-/tmp}/bankstream-emr-steps.XXXXXX")
if [[ $dry_run == false ]]; then
  trap 'rm -f "$steps_file"' EXIT
fi
steps_json "$step_name" "${args[@]}" >"$steps_file"

add_steps=(aws emr add-steps --cluster-id "$cluster_id" --steps "file://$steps_file"
  "${region_args[@]+"${region_args[@]}"}" --query StepIds --output text)

echo "Step definition ($steps_file):"
cat "$steps_file"
print_command "${add_steps[@]}"

if [[ $dry_run == true ]]; then
  echo "Dry run: nothing submitted; the steps file is kept so the command above can be run as printed."
  exit 0
fi

step_ids=$("${add_steps[@]}")
echo "$step_ids"
for step_id in $step_ids; do
  echo "Step $step_id added to $cluster_id. Follow it with:"
  print_command aws emr describe-step --cluster-id "$cluster_id" --step-id "$step_id" \
    "${region_args[@]+"${region_args[@]}"}"
done
