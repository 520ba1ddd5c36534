/**
 * The `composio` resource provider plugin's entry point, run by the `pulumi-resource-composio`
 * launcher. The engine starts it with its own address as the first argument and reads the port it
 * prints; the process then lives until the engine closes it.
 */
import { serve } from "./server";

serve(process.argv[2]).catch((error: unknown) => {
  process.stderr.write(`pulumi-resource-composio: ${(error as Error).message}\n`);
  process.exit(1);
});
