/** Checks of the deployment files: compose, Dockerfile, cluster submission scripts. */
package io.bankstream.deployment;
