import { isRecord } from "../../rules/checked";
import { cursorOf, listOf, metaObjectOf, UnrecognisedResponse } from "./body";
import { type FlowValidationError, parseValidationErrors } from "./validation-errors";

/** What Create Flow answered: the new flow's id, and Meta's validation errors when it gave them. */
export interface CreatedFlow {
  readonly id: string;
  /** Undefined when the answer had no `validation_errors` (older samples answer `{id}` alone). */
  readonly validationErrors?: readonly FlowValidationError[];
}

/**
 * Reads Create Flow's answer: Meta's `{id, success, validation_errors}` (older samples `{id}`
 * only), bare or in Kaleyra's envelope. The id must be a string of digits (or a safe integer);
 * `success`, when present, must be true.
 */
export function parseCreatedFlow(body: unknown): CreatedFlow {
  const result = metaObjectOf(body);
  const id = typeof result.id === "number" && Number.isSafeInteger(result.id) ? String(result.id) : result.id;
  if (typeof id !== "string" || !/^[0-9]+$/.test(id)) {
    throw new UnrecognisedResponse("the response carries no flow id (a string of digits)");
  }
  if (result.success !== undefined && result.success !== true) throw new UnrecognisedResponse("success is not true");
  return {
    id,
    ...(result.validation_errors !== undefined
      ? { validationErrors: parseValidationErrors(result.validation_errors) }
      : {}),
  };
}

/**
 * Reads Update Flow JSON's answer: Meta's `{success: true, validation_errors: [...]}`, bare or
 * in Kaleyra's envelope. Meta says every update answers with the list; an answer without it
 * counts as none, since `success` said the JSON was stored.
 */
export function parseUploadResult(body: unknown): readonly FlowValidationError[] {
  const result = metaObjectOf(body);
  if (result.success !== true) throw new UnrecognisedResponse("the response is not a success (success: true)");
  return parseValidationErrors(result.validation_errors);
}

/** One asset of a flow, as Get Flow Assets lists it. */
export interface FlowAsset {
  readonly name: string;
  /** `FLOW_JSON` for the Flow JSON. */
  readonly assetType: string;
  /** Where to download it: a URL on another host, fetched with no key and no header. */
  readonly downloadUrl: string;
}

/** One page of Get Flow Assets. */
export interface FlowAssetPage {
  readonly assets: readonly FlowAsset[];
  /** The next page's cursor, when `paging.next` says there is one. */
  readonly after?: string;
}

/**
 * Reads Get Flow Assets: `{data: [{name, asset_type, download_url}], paging}`, bare or in
 * Kaleyra's envelope (around the list or around `{data, paging}`), as flow lists come.
 */
export function parseFlowAssetPage(body: unknown): FlowAssetPage {
  const { list, paging } = listOf(body, "assets");
  const assets = list.map((item: unknown, index: number): FlowAsset => {
    if (!isRecord(item)) throw new UnrecognisedResponse(`asset ${index} is not an object`);
    const { name, asset_type: assetType, download_url: downloadUrl } = item;
    if (typeof name !== "string" || typeof assetType !== "string" || typeof downloadUrl !== "string") {
      throw new UnrecognisedResponse(`asset ${index} lacks a name, asset_type or download_url`);
    }
    return { name, assetType, downloadUrl };
  });
  return { assets, ...cursorOf(paging) };
}
