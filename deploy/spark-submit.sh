#!/usr/bin/env bash
# Submits the bankstream pipeline to Spark 3.5 (Scala 2.12) with `spark-submit`.
#
#   BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS=broker:9092 \
#   BANKSTREAM_JDBC_URL='jdbc:postgresql://db:5432/bank?sslmode=require' \
#   BANKSTREAM_REDIS_HOST=redis SPARK_MASTER=spark://master:7077 \
#     deploy/spark-submit.sh --dry-run [--windowSeconds=30 ...]
#
# Settings come from the environment; every other argument is passed to the pipeline as is
# (Beam options, --name=value; one given here replaces the one built from the environment).
# It prints the exact command (`+ spark-submit ...`) and runs it; --dry-run only prints it.
#
# Required: BANKSTREAM_KAFKA_BOOTSTRAP_SERVERS, BANKSTREAM_JDBC_URL, BANKSTREAM_REDIS_HOST (the
# pipeline's defaults are loopback addresses, wrong on a cluster) and SPARK_MASTER
# (spark://host:7077, yarn, local[2], ...; also passed to the pipeline as --sparkMaster).
# Optional: SPARK_DEPLOY_MODE (client or cluster, default client), BANKSTREAM_TOPIC,
# BANKSTREAM_CONSUMER_GROUP (default bankstream-spark), BANKSTREAM_KAFKA_CONFIG (Kafka client
# properties: TLS/SASL), BANKSTREAM_DB_USER, BANKSTREAM_DB_PASSWORD_FILE, BANKSTREAM_REDIS_PORT,
# BANKSTREAM_REDIS_SSL, BANKSTREAM_REDIS_PASSWORD_FILE, BANKSTREAM_RULES_FILE,
# BANKSTREAM_WINDOW_SECONDS, BANKSTREAM_SPARK_CHECKPOINT_DIR (a reliable directory, hdfs:// or
# s3://, or file:// when every executor is on this machine, for Spark streaming's checkpoints; each
# submission uses a new run-<time>-<n> directory in it, so that a restart resumes from the database
# (ResumePoint) and not from Spark's checkpoint; delete old ones), SPARK_HOME (else `spark-submit` on the PATH), BANKSTREAM_JAR (default
# runners/spark/target/bankstream-pipeline-spark.jar; Spark itself is not inside, spark-submit
# provides it).
#
# Passwords never go on the command line. In client mode the driver (the pipeline's main()) runs
# in this process and inherits BANKSTREAM_DB_PASSWORD and BANKSTREAM_REDIS_PASSWORD; in cluster
# mode it runs on a worker and does not, so give BANKSTREAM_DB_PASSWORD_FILE and
# BANKSTREAM_REDIS_PASSWORD_FILE naming files present on the workers. An argument that looks like
# a password is refused.
#
# The --add-opens flag is the one Spark 3.5 on Java 17 needs for Beam's runner; spark-submit adds
# the rest of Spark's module flags itself. --filesToStage names the jar, so that only it goes to
# the executors (not on YARN, where Spark ships it). Before submitting to spark://host:port it
# checks that the master answers. In client mode (the default) the driver is this process: the
# command stays in the foreground while the streaming job runs, and Ctrl-C stops it. In cluster
# mode the driver runs on a worker and the command returns once it is submitted.
set -euo pipefail

# shellcheck source=submit-common.sh
source "$(dirname "${BASH_SOURCE[0]}")/submit-common.sh"

parse_args pass_on "$@"

require_settings
require SPARK_MASTER "the Spark master URL (spark://host:7077, yarn, local[2])"
deploy_mode="${SPARK_DEPLOY_MODE:-client}"
[[ $deploy_mode == client || $deploy_mode == cluster ]] \
  || fail "SPARK_DEPLOY_MODE must be client or cluster, was $deploy_mode"

jar="${BANKSTREAM_JAR:-$ROOT/runners/spark/target/bankstream-pipeline-spark.jar}"
spark_runner_options "$SPARK_MASTER" SPARK_MASTER
# Only the application jar goes to the executors (Beam's SparkRunner would otherwise stage every
# jar on the driver's classpath, Spark's own included); on YARN, Spark ships the jar itself.
[[ $SPARK_MASTER == yarn* ]] || option filesToStage "$jar" BANKSTREAM_JAR
settings_options spark
# Refuses anything that looks like a password on the command line (without printing it).
check_no_password

if [[ $deploy_mode == cluster && -n ${BANKSTREAM_DB_PASSWORD:-} ]] && ! given dbPasswordFile \
  && [[ -z ${BANKSTREAM_DB_PASSWORD_FILE:-} ]]; then
  echo "note: in cluster mode the driver does not inherit BANKSTREAM_DB_PASSWORD from here;" \
    "give BANKSTREAM_DB_PASSWORD_FILE, a file present on the workers" >&2
fi

if [[ -n ${SPARK_HOME:-} ]]; then
  spark_submit="$SPARK_HOME/bin/spark-submit"
else
  spark_submit=spark-submit
fi

cmd=("$spark_submit" --master "$SPARK_MASTER" --deploy-mode "$deploy_mode" --class "$MAIN_CLASS"
  --conf "spark.driver.extraJavaOptions=$ADD_OPENS"
  --conf "spark.executor.extraJavaOptions=$ADD_OPENS"
  "$jar" "${pipeline[@]}" "${extra[@]+"${extra[@]}"}")

exit_if_dry_run "${cmd[@]}"

[[ -f $jar ]] || fail "jar not found: $jar. Build it with: mvn -B -DskipTests package -pl runners/spark -am (or set BANKSTREAM_JAR)"
if [[ -n ${SPARK_HOME:-} ]]; then
  [[ -x $spark_submit ]] || fail "SPARK_HOME=$SPARK_HOME has no executable bin/spark-submit"
else
  command -v spark-submit >/dev/null 2>&1 \
    || fail "spark-submit not found: set SPARK_HOME or put Spark 3.5's bin/ on the PATH"
fi

check_spark_master "$SPARK_MASTER"

print_command "${cmd[@]}"
exec "${cmd[@]}"
