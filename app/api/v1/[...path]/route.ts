import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/errors";

// Unknown API paths answer in the API's JSON error shape, not with the HTML 404 page.
const notFound = async () => errorResponse(new AppError("not_found", "No such API endpoint."));

export { notFound as DELETE, notFound as GET, notFound as PATCH, notFound as POST, notFound as PUT };
