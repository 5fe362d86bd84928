package io.bankstream.model.db.migration;

import io.bankstream.model.Region;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Fills {@code regioes} with the 27 UFs from {@link Region}, so the reference data has one source:
 * the enum the rules and the producer use. A Java migration rather than SQL so the coordinates are
 * not written twice.
 */
public class V2__InsertRegions extends BaseJavaMigration {

  @Override
  public void migrate(Context context) throws Exception {
    String sql =
        "INSERT INTO regioes (id_regiao, nome, latitude, longitude, populacao_milhoes)"
            + " VALUES (?, ?, ?, ?, ?)";
    try (PreparedStatement insert = context.getConnection().prepareStatement(sql)) {
      for (Region region : Region.values()) {
        insert.setString(1, region.code());
        insert.setString(2, region.displayName());
        insert.setDouble(3, region.latitude());
        insert.setDouble(4, region.longitude());
        insert.setBigDecimal(5, BigDecimal.valueOf(region.populationMillions()));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
