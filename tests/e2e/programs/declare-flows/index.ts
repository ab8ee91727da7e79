// The whole program of a team that keeps its flows in a flows file.
import * as kaleyra from "pulumi-kaleyra-flows";

export const flows = Object.keys(kaleyra.declareFlows("flows.yaml"));
