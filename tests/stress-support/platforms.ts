// The stand-ins for Slack and Teams that a suite's bots talk to: the recording
// fake Slack and connector, each behind a fault proxy (no faults until a test
// adds them), with the suite's people registered on both.
import { startFakeSlack, type FakeSlack } from '../fakes/slack-api.js';
import { FakeConnector } from '../teams/support/fake-connector.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import type { Person } from './people.js';

export interface Platforms {
  slack: FakeSlack;
  connector: FakeConnector;
  slackProxy: FaultProxy;
  teamsProxy: FaultProxy;
  /** SLACK_API_URL for the bots (through the proxy). */
  slackApiUrl: string;
  /** The serviceUrl activities carry (through the proxy). */
  serviceUrl: string;
  close(): Promise<void>;
}

export async function startPlatforms(staff: readonly Person[]): Promise<Platforms> {
  const slack = await startFakeSlack();
  const connector = await new FakeConnector().start();
  for (const p of staff) {
    slack.users.set(p.slack.id, p.slack);
    connector.addMember(p.teams);
  }
  const slackProxy = await startFaultProxy(slack.apiUrl.replace(/\/api\/$/, ''));
  const teamsProxy = await startFaultProxy(connector.url.replace(/\/$/, ''));
  return {
    slack,
    connector,
    slackProxy,
    teamsProxy,
    slackApiUrl: `${slackProxy.url}/api/`,
    serviceUrl: `${teamsProxy.url}/`,
    async close() {
      await slackProxy.close();
      await teamsProxy.close();
      await slack.close();
      await connector.stop();
    },
  };
}
