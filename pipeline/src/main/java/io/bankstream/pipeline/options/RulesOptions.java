package io.bankstream.pipeline.options;

import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Which approval rules decide. */
public interface RulesOptions extends PipelineOptions {

  @Description(
      "YAML rules file (codes, thresholds, windows, the profile: default or seed); every key is"
          + " optional. Default: the built-in rules.")
  String getRulesFile();

  void setRulesFile(String value);

  @Description("Rule profile, overriding the rules file's: default or seed.")
  String getRulesProfile();

  void setRulesProfile(String value);
}
