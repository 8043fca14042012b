export const BULK_STOP_FORM = "bulk-stop";
