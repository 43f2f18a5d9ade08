package dev.tyboo.nodes;

import dev.tyboo.node.NodeCatalog;
import dev.tyboo.node.NodeType;
import dev.tyboo.nodes.airtable.Airtable;
import dev.tyboo.nodes.chat.Discord;
import dev.tyboo.nodes.chat.Slack;
import dev.tyboo.nodes.chat.SlackTrigger;
import dev.tyboo.nodes.chat.Telegram;
import dev.tyboo.nodes.chat.TelegramTrigger;
import dev.tyboo.nodes.code.Code;
import dev.tyboo.nodes.data.Aggregate;
import dev.tyboo.nodes.data.EditFields;
import dev.tyboo.nodes.data.Limit;
import dev.tyboo.nodes.data.Merge;
import dev.tyboo.nodes.data.RemoveDuplicates;
import dev.tyboo.nodes.data.Sort;
import dev.tyboo.nodes.data.SplitOut;
import dev.tyboo.nodes.data.Summarize;
import dev.tyboo.nodes.files.ReadWriteFiles;
import dev.tyboo.nodes.format.Csv;
import dev.tyboo.nodes.format.Gzip;
import dev.tyboo.nodes.format.HtmlExtract;
import dev.tyboo.nodes.format.JsonFile;
import dev.tyboo.nodes.format.Xml;
import dev.tyboo.nodes.format.Zip;
import dev.tyboo.nodes.github.GitHub;
import dev.tyboo.nodes.github.GitHubTrigger;
import dev.tyboo.nodes.google.Gmail;
import dev.tyboo.nodes.google.GoogleDrive;
import dev.tyboo.nodes.google.GoogleSheets;
import dev.tyboo.nodes.http.HttpRequest;
import dev.tyboo.nodes.http.RssRead;
import dev.tyboo.nodes.logic.Filter;
import dev.tyboo.nodes.logic.If;
import dev.tyboo.nodes.logic.LoopOverItems;
import dev.tyboo.nodes.logic.NoOp;
import dev.tyboo.nodes.logic.StopAndError;
import dev.tyboo.nodes.logic.Switch;
import dev.tyboo.nodes.microsoft.MicrosoftExcel;
import dev.tyboo.nodes.microsoft.MicrosoftOneDrive;
import dev.tyboo.nodes.microsoft.MicrosoftOutlook;
import dev.tyboo.nodes.notion.Notion;
import dev.tyboo.nodes.sql.MySql;
import dev.tyboo.nodes.sql.Postgres;
import dev.tyboo.nodes.trigger.ManualTrigger;
import dev.tyboo.nodes.trigger.ScheduleTrigger;
import dev.tyboo.nodes.util.Crypto;
import dev.tyboo.nodes.util.DateTime;
import dev.tyboo.nodes.webhook.RespondToWebhook;
import dev.tyboo.nodes.webhook.Webhook;
import java.util.List;

/**
 * The engine-nodes catalogue. Register it with {@code Engine.builder().nodeTypes(..)} through
 * {@link #nodeTypes()}, or let the engine find it: {@code discoverNodeTypes(classLoader)} loads it
 * through {@link java.util.ServiceLoader}.
 */
public final class CoreNodes implements NodeCatalog {

  /** Creates the catalogue (for {@link java.util.ServiceLoader}). */
  public CoreNodes() {}

  /** {@return every node type of this module} */
  public static List<NodeType> all() {
    return List.of(
        ManualTrigger.type(),
        ScheduleTrigger.type(),
        Webhook.type(),
        RespondToWebhook.type(),
        If.type(),
        Switch.type(),
        LoopOverItems.type(),
        Filter.type(),
        NoOp.type(),
        StopAndError.type(),
        Limit.type(),
        Sort.type(),
        RemoveDuplicates.type(),
        EditFields.type(),
        Merge.type(),
        SplitOut.type(),
        Aggregate.type(),
        Summarize.type(),
        Crypto.type(),
        DateTime.type(),
        Csv.type(),
        Gzip.type(),
        JsonFile.type(),
        Xml.type(),
        HtmlExtract.type(),
        Zip.type(),
        ReadWriteFiles.type(),
        HttpRequest.type(),
        RssRead.type(),
        Postgres.type(),
        MySql.type(),
        Slack.type(),
        Discord.type(),
        Telegram.type(),
        SlackTrigger.type(),
        TelegramTrigger.type(),
        GitHub.type(),
        GitHubTrigger.type(),
        GoogleSheets.type(),
        GoogleDrive.type(),
        Gmail.type(),
        MicrosoftOutlook.type(),
        MicrosoftOneDrive.type(),
        MicrosoftExcel.type(),
        Notion.type(),
        Airtable.type(),
        Code.type());
  }

  @Override
  public List<NodeType> nodeTypes() {
    return all();
  }
}
