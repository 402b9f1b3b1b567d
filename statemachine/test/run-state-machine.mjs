// Runs one execution of a state machine with aws-local-stepfunctions and prints the outcome as JSON.
//
// Request (stdin, one JSON document):
//   {definition, input, tasks: {StateName: url}, waitTimeOverrides, retryIntervalOverrides, context}
// Each listed Task state is served by POSTing its effective input (after Parameters) to its url:
// 200 answers with the task result; any other status answers {errorType, errorMessage}, which
// becomes the state's error exactly as a failing Lambda function would (matched by Retry/Catch).
// Response (stdout, one line): {status, output?, error?, cause?, events}
import { StateMachine } from 'aws-local-stepfunctions';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

function taskHandler(url) {
  return async (input) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = await response.json();
    if (response.status !== 200) {
      const error = new Error(body.errorMessage);
      error.name = body.errorType;
      throw error;
    }
    return body;
  };
}

const request = JSON.parse(await readStdin());
const taskResourceLocalHandlers = {};
for (const [state, url] of Object.entries(request.tasks ?? {})) {
  taskResourceLocalHandlers[state] = taskHandler(url);
}

// Node timers overflow above 2^31-1 ms (about 24.8 days) and then fire at once, so a longer
// execution timeout would end every local run immediately; the caller bounds local runs instead.
if ((request.definition.TimeoutSeconds ?? 0) * 1000 > 2 ** 31 - 1) {
  delete request.definition.TimeoutSeconds;
}

const machine = new StateMachine(request.definition, {
  validationOptions: { checkArn: true, checkPaths: true },
});
const execution = machine.run(request.input ?? {}, {
  overrides: {
    taskResourceLocalHandlers,
    waitTimeOverrides: request.waitTimeOverrides ?? {},
    retryIntervalOverrides: request.retryIntervalOverrides ?? {},
  },
  context: request.context ?? {},
});

const events = [];
const logged = (async () => {
  for await (const event of execution.eventLogs) events.push(event);
})();

let outcome;
try {
  outcome = { status: 'SUCCEEDED', output: await execution.result };
} catch (e) {
  outcome = { status: e.name === 'ExecutionTimeoutError' ? 'TIMED_OUT' : 'FAILED' };
}
await logged;
const failed = events.find((event) => event.type === 'ExecutionFailed');
if (failed) {
  outcome.error = failed.Error;
  outcome.cause = typeof failed.Cause === 'string' ? failed.Cause : JSON.stringify(failed.Cause);
}
process.stdout.write(JSON.stringify({ ...outcome, events }) + '\n');
