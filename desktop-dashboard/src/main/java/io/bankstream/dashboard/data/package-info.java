/**
 * The dashboard's data services: plain blocking classes with no JavaFX imports, behind the small
 * interfaces {@link io.bankstream.dashboard.data.LiveSource} (Redis) and {@link
 * io.bankstream.dashboard.data.HistorySource} (PostgreSQL).
 */
package io.bankstream.dashboard.data;
