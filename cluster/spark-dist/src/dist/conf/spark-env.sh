# shellcheck shell=bash
# Sourced by bin/spark-class (as Spark's own scripts source conf/spark-env.sh). This distribution's
# jars are Scala 2.12 builds; Spark's launcher cannot tell that from a jars/ directory alone.
export SPARK_SCALA_VERSION=2.12
# Every daemon and driver on the loopback interface unless told otherwise.
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
